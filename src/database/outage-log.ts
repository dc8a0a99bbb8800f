import type { Logger } from '@nestjs/common';

/** The longest a background loop waits between attempts while the database is away. */
const MAX_BACKOFF_MS = 5000;

/**
 * A background loop's view of a database outage: it logs once when the outage starts and once when
 * it ends (not on every failed tick), and tells the loop how long to back off.
 */
export class Outage {
  private since: number | undefined;
  private failures = 0;

  constructor(
    private readonly logger: Logger,
    private readonly paused: string,
  ) {}

  get ongoing(): boolean {
    return this.since !== undefined;
  }

  failed(e: unknown): void {
    this.failures++;
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.logger.warn(`database unavailable (${(e as Error)?.message ?? String(e)}): ${this.paused} paused, retrying`);
  }

  succeeded(): void {
    this.failures = 0;
    if (this.since === undefined) return;
    // At the outage's level, so that an operator who saw the one sees the other.
    this.logger.warn(`database recovered after ${Math.round((Date.now() - this.since) / 1000)} s: ${this.paused} resumed`);
    this.since = undefined;
  }

  /** `base`, doubled per failure in a row, up to a few seconds (never below `base`). */
  backoff(base: number): number {
    if (this.failures === 0) return base;
    return Math.max(base, Math.min(MAX_BACKOFF_MS, base * 2 ** this.failures));
  }
}
