import { sniffImageType } from './image-type';

describe('sniffImageType', () => {
  it.each([
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    ['webp', Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 2, 3, 4]), Buffer.from('WEBPVP8 ')]), 'image/webp'],
    ['gif', Buffer.from('GIF89a......'), null],
    ['text named .jpg', Buffer.from('hello world'), null],
    ['empty', Buffer.alloc(0), null],
    ['truncated png', Buffer.from([0x89, 0x50, 0x4e]), null],
  ])('%s → %s', (_, bytes, expected) => {
    expect(sniffImageType(bytes)).toBe(expected);
  });
});
