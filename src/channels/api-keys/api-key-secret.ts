import { createHash, randomBytes } from 'node:crypto';

/** Every key starts so: an admin (and a secret scanner) recognises one in a config file or a log. */
export const KEY_PREFIX = 'o311_';
/** How much of a key the list shows: enough to tell keys apart, far too little to use one. */
const VISIBLE = KEY_PREFIX.length + 6;
const KEY = /^o311_[A-Za-z0-9_-]{43}$/;

/**
 * A new key: 32 random bytes. Only its SHA-256 is kept — a key this long cannot be guessed from its
 * hash, so no slow password hash is needed and a key is checked by one indexed lookup per request.
 */
export function newApiKey(): { key: string; prefix: string; hash: Buffer } {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, prefix: key.slice(0, VISIBLE), hash: hashApiKey(key) };
}

export const hashApiKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** Whether `text` can be a key at all (anything else is refused without a lookup). */
export const isApiKeyShaped = (text: unknown): text is string => typeof text === 'string' && KEY.test(text);
