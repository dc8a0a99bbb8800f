import { createHmac } from 'node:crypto';
import { retryDelay, settle, signature } from './retry-policy';

const policy = { baseMs: 5000, maxMs: 3_600_000, giveUpMs: 86_400_000 };

describe('retry policy', () => {
  it('retries first within 10 s, then doubles, with jitter, up to the ceiling', () => {
    expect(retryDelay(1, policy, () => 0)).toBe(2500);
    expect(retryDelay(1, policy, () => 1)).toBe(5000);
    expect(retryDelay(2, policy, () => 1)).toBe(10_000);
    expect(retryDelay(3, policy, () => 0)).toBe(10_000);
    expect(retryDelay(30, policy, () => 1)).toBe(3_600_000);
    expect(retryDelay(1000, policy, () => 1)).toBe(3_600_000);
  });

  it('keeps trying for 24 hours, then gives up', () => {
    expect(settle(true, 7, 0, policy)).toEqual({ state: 'delivered', retryInMs: null });
    expect(settle(false, 1, 0, policy, () => 1)).toEqual({ state: 'pending', retryInMs: 5000 });
    expect(settle(false, 30, 86_400_000 - 3_600_000, policy, () => 1)).toEqual({ state: 'pending', retryInMs: 3_600_000 });
    expect(settle(false, 30, 86_400_000 - 3_599_999, policy, () => 1)).toEqual({ state: 'failed', retryInMs: null });
  });

  it('signs the raw body as a receiver checks it', () => {
    const body = '{"id":"1","event":"case.created","at":"2026-01-01T00:00:00.000Z","data":{"说":"中文"}}';
    expect(signature('s3cret-s3cret-s3cret', body)).toBe(
      `sha256=${createHmac('sha256', 's3cret-s3cret-s3cret').update(Buffer.from(body)).digest('hex')}`,
    );
  });
});
