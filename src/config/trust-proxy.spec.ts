import { parseTrustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['127.0.0.1', ['127.0.0.1']],
    ['172.30.80.10, 10.0.0.0/8,loopback', ['172.30.80.10', '10.0.0.0/8', 'loopback']],
    ['::1,fd00::/8,uniquelocal,linklocal', ['::1', 'fd00::/8', 'uniquelocal', 'linklocal']],
  ])('%j → %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each(['true', 'nginx', '10.0.0.0/33', '10.0.0.1/8/8', '300.1.1.1', '10.0.0.0/x', '11', 'loopback,,'])('refuses %j', (raw) => {
    expect(parseTrustProxy(raw)).toHaveProperty('error');
  });
});
