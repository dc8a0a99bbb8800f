import { BadRequestException } from '@nestjs/common';
import { controlCharPaths, RejectControlCharsPipe } from './control-chars';

describe('controlCharPaths', () => {
  it('names every string with a C0 control character or DEL, by its path', () => {
    const body = { description: 'a\u0000b', reporter: { name: 'x\u001b[31m', phone: '123' }, photos: ['ok', '\u007f'], n: 1, z: null };
    expect(controlCharPaths(body)).toEqual(['description', 'reporter.name', 'photos[1]']);
  });

  it('lets tab, newline, carriage return and the rest of Unicode through', () => {
    expect(controlCharPaths({ note: 'line 1\r\n\tline 2 — 市容 😀 \u0085 \u202e' })).toEqual([]);
  });

  it('names a bad key with the character spelt out', () => {
    expect(controlCharPaths({ 'a\u0000': 1 })).toEqual(['a\\u0000']);
  });
});

describe('RejectControlCharsPipe', () => {
  const pipe = new RejectControlCharsPipe();

  it('answers 400 naming the field, in the error shape of every other validation error', () => {
    let error: unknown;
    try {
      pipe.transform({ q: 'a\u0000' }, { type: 'query' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toEqual({
      message: 'Invalid q',
      details: [{ field: 'q', message: 'q must not contain control characters' }],
    });
  });

  it('names a path parameter by its name, and leaves custom parameters alone', () => {
    expect(() => pipe.transform('\u0001', { type: 'param', data: 'id' })).toThrow('Invalid id');
    expect(pipe.transform({ name: '\u0000' }, { type: 'custom' })).toEqual({ name: '\u0000' });
    expect(pipe.transform({ q: 'fine' }, { type: 'query' })).toEqual({ q: 'fine' });
  });
});
