import { createHmac } from 'node:crypto';

/** `X-Signature`: `sha256=` and the hex HMAC-SHA256 of the raw body with the webhook's secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  giveUpMs: number;
}

/**
 * The wait before attempt `attempt + 1`, after `attempt` failed: exponential (base, 2×base, 4×base …
 * up to maxMs) with "equal jitter" (½ to 1 × that), so that the retries of many events failed together
 * spread out instead of arriving in a wave. The first retry waits at most `baseMs` (≤ 10 s).
 */
export function retryDelay(attempt: number, p: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(p.maxMs, p.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/**
 * What becomes of a row after an attempt: delivered on a 2xx; else another attempt after the backoff,
 * unless that attempt would come more than `giveUpMs` after the event: then it is `failed`.
 */
export function settle(
  ok: boolean,
  attempt: number,
  ageMs: number,
  p: RetryPolicy,
  random = Math.random,
): { state: 'delivered' | 'pending' | 'failed'; retryInMs: number | null } {
  if (ok) return { state: 'delivered', retryInMs: null };
  const wait = retryDelay(attempt, p, random);
  return ageMs + wait > p.giveUpMs ? { state: 'failed', retryInMs: null } : { state: 'pending', retryInMs: wait };
}
