import type { Pool } from 'pg';

/** The statement `@socket.io/postgres-adapter` 0.5 sends once per event. */
export const NOTIFY_SQL = 'SELECT pg_notify($1, $2)';
/**
 * Many notifications in one statement, hence one transaction: PostgreSQL delivers a transaction's
 * notifications in the order they were raised, and ORDER BY fixes that order to the arrays'.
 */
export const BATCH_NOTIFY_SQL = 'SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(c, p, i) ORDER BY i';

export interface BatchLimits {
  /** Notifications in one statement. */
  count: number;
  /** Bytes of channels and payloads in one statement (the adapter keeps each payload under 8 kB). */
  bytes: number;
}
export const DEFAULT_BATCH_LIMITS: BatchLimits = { count: 500, bytes: 1 << 20 };

export interface Notification {
  channel: string;
  payload: string;
}

/**
 * How many notifications from the front of `queue` one statement may carry: within the limits
 * (at least one), and never two identical ones — PostgreSQL would fold them into one, in a single
 * transaction; the repeat starts the next statement, so that order is kept.
 */
export function batchSize(queue: readonly Notification[], limits: BatchLimits): number {
  const seen = new Set<string>();
  let bytes = 0;
  let n = 0;
  for (; n < queue.length && n < limits.count; n++) {
    const { channel, payload } = queue[n];
    const key = `${channel}\0${payload}`; // no NUL in a PostgreSQL text
    bytes += Buffer.byteLength(channel) + Buffer.byteLength(payload);
    if (n > 0 && (seen.has(key) || bytes > limits.bytes)) break;
    seen.add(key);
  }
  return n;
}

const noop = () => undefined;

interface Pending extends Notification {
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * Collects the notifications of one tick and sends them as one statement. One statement is in
 * flight at a time: batches on two pooled connections could commit out of order, and what arrives
 * meanwhile simply makes the next batch bigger. Every caller gets its own statement's outcome.
 */
export class NotifyBatcher {
  private readonly queue: Pending[] = [];
  private scheduled = false;
  private sending = false;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: (channels: string[], payloads: string[]) => Promise<unknown>,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  notify(channel: string, payload: string): Promise<unknown> {
    const settled = new Promise((resolve, reject) => {
      this.queue.push({ channel, payload, resolve, reject });
      if (this.sending) return; // sent when the statement in flight has answered
      if (this.queue.length >= this.limits.count) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
    this.last = settled.then(noop, noop);
    return settled;
  }

  /** Sends what is queued now, without waiting for the tick; resolves once all of it has been answered. */
  drain(): Promise<void> {
    this.flush();
    return this.last; // statements answer in order: the last one queued settles last
  }

  private flush(): void {
    if (this.sending || this.queue.length === 0) return;
    const batch = this.queue.splice(0, batchSize(this.queue, this.limits));
    this.sending = true;
    void new Promise((resolve) =>
      resolve(
        this.send(
          batch.map((n) => n.channel),
          batch.map((n) => n.payload),
        ),
      ),
    )
      .then(
        (result) => batch.forEach((n) => n.resolve(result)),
        (error) => batch.forEach((n) => n.reject(error)),
      )
      .finally(() => {
        this.sending = false;
        this.flush();
      });
  }
}

/**
 * The pool as the adapter sees it: `pool.query(NOTIFY_SQL, [channel, payload])` goes through a
 * NotifyBatcher; everything else (connect for LISTEN, other queries, events) is the pool's own.
 * `end()` first sends what is queued: the adapter's goodbye to the other instances is published
 * while the server closes, a tick before the pool ends.
 */
export function batchingNotifies(pool: Pool, limits: BatchLimits = DEFAULT_BATCH_LIMITS): Pool {
  const batcher = new NotifyBatcher((channels, payloads) => pool.query(BATCH_NOTIFY_SQL, [channels, payloads]), limits);
  const query = (...args: unknown[]): unknown => {
    const [text, values] = args;
    if (args.length === 2 && text === NOTIFY_SQL && Array.isArray(values) && values.length === 2 && values.every((v) => typeof v === 'string')) {
      return batcher.notify(values[0], values[1]);
    }
    return (pool.query as (...a: unknown[]) => unknown)(...args);
  };
  return new Proxy(pool, {
    get(target, key) {
      if (key === 'query') return query;
      if (key === 'end') return () => batcher.drain().then(() => target.end());
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
