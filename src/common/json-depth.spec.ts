import { jsonDepthExceeds, verifyJsonDepth } from './json-depth';

describe('jsonDepthExceeds', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('allows up to the limit and refuses one level more', () => {
    expect(jsonDepthExceeds(nested(32))).toBe(false);
    expect(jsonDepthExceeds(nested(33))).toBe(true);
    expect(jsonDepthExceeds('{"a":'.repeat(33) + '1' + '}'.repeat(33))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '['.repeat(100), b: '\\"[[[[' + '{'.repeat(100) }))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ note: '["\\' + '['.repeat(100) })))).toBe(false);
  });

  it('counts bytes of UTF-8 and code units of decoded text alike', () => {
    const text = JSON.stringify({ 描述: '【' + '['.repeat(50) }) + nested(40);
    expect(jsonDepthExceeds(Buffer.from(text))).toBe(true);
    expect(jsonDepthExceeds(text)).toBe(true);
  });

  it('throws a 400 from body-parser’s verify hook, 415 for a charset it cannot decode', () => {
    expect(() => verifyJsonDepth(null, null, Buffer.from(nested(5000)), 'utf-8')).toThrow(
      expect.objectContaining({ status: 400, message: 'JSON nested too deeply' }),
    );
    expect(() => verifyJsonDepth(null, null, Buffer.from(nested(40), 'utf16le'), 'utf-16le')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => verifyJsonDepth(null, null, Buffer.from('[]'), 'utf-32')).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => verifyJsonDepth(null, null, Buffer.from(nested(3)), 'utf-8')).not.toThrow();
  });
});
