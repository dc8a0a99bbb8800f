import { hashApiKey, isApiKeyShaped, newApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('makes distinct 256-bit keys whose hash is stored and whose prefix is shown', () => {
    const a = newApiKey();
    const b = newApiKey();
    expect(a.key).not.toBe(b.key);
    expect(isApiKeyShaped(a.key)).toBe(true);
    expect(Buffer.from(a.key.slice(5), 'base64url')).toHaveLength(32);
    expect(a.hash.equals(hashApiKey(a.key))).toBe(true);
    expect(a.hash).toHaveLength(32);
    expect(a.key.startsWith(a.prefix)).toBe(true);
    expect(a.prefix).toHaveLength(11);
  });

  it('refuses what cannot be a key', () => {
    for (const bad of [undefined, null, 42, '', 'xyz', `o311_${'a'.repeat(42)}`, `o311_${'a'.repeat(44)}`, `o311_${'a'.repeat(42)}=`]) {
      expect(isApiKeyShaped(bad)).toBe(false);
    }
  });
});
