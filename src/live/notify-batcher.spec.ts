import { EventEmitter } from 'node:events';
import type { Pool } from 'pg';
import { BATCH_NOTIFY_SQL, batchingNotifies, batchSize, NOTIFY_SQL } from './notify-batcher';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const n = (channel: string, payload: string) => ({ channel, payload });

/** A pool whose query records its calls and answers when told. */
function fakePool() {
  const calls: unknown[][] = [];
  const answers: { resolve(v: unknown): void; reject(e: unknown): void }[] = [];
  const pool = Object.assign(new EventEmitter(), {
    totalCount: 3,
    query: jest.fn((...args: unknown[]) => {
      calls.push(args);
      return new Promise((resolve, reject) => answers.push({ resolve, reject }));
    }),
    connect: jest.fn(async () => 'a client'),
    end: jest.fn(async () => undefined),
  });
  const wrapped = batchingNotifies(pool as unknown as Pool, { count: 3, bytes: 100 });
  const notify = (channel: string, payload: string) => wrapped.query(NOTIFY_SQL, [channel, payload]) as Promise<unknown>;
  const batches = () => calls.filter((c) => c[0] === BATCH_NOTIFY_SQL).map((c) => c[1]);
  return { pool, wrapped, notify, calls, answers, batches };
}

describe('batchSize', () => {
  const limits = { count: 3, bytes: 100 };

  it('takes everything up to the count', () => {
    expect(batchSize([n('a', '1'), n('a', '2')], limits)).toBe(2);
    expect(batchSize([n('a', '1'), n('a', '2'), n('a', '3'), n('a', '4')], limits)).toBe(3);
    expect(batchSize([], limits)).toBe(0);
  });

  it('stops before a repeated (channel, payload), which PostgreSQL would fold into the first', () => {
    expect(batchSize([n('a', '1'), n('b', '1'), n('a', '1'), n('a', '2')], limits)).toBe(2);
    expect(batchSize([n('a', '1'), n('a', '1')], limits)).toBe(1);
  });

  it('stops before the byte budget, but always takes one', () => {
    const big = 'x'.repeat(60);
    expect(batchSize([n('a', big), n('a', big + 'y')], limits)).toBe(1);
    expect(batchSize([n('a', 'x'.repeat(500))], limits)).toBe(1);
    expect(batchSize([n('a', 'x'.repeat(49)), n('a', 'y'.repeat(49))], limits)).toBe(2); // 100 bytes: within
  });
});

describe('batchingNotifies', () => {
  it('sends the notifications of one tick as one statement, in order', async () => {
    const { notify, calls, answers, batches } = fakePool();
    const results = [notify('ch#/live', 'one'), notify('ch#/other', 'two')];
    expect(calls).toHaveLength(0);
    await tick();
    expect(batches()).toEqual([
      [
        ['ch#/live', 'ch#/other'],
        ['one', 'two'],
      ],
    ]);
    answers[0].resolve({ rowCount: 2 });
    await expect(Promise.all(results)).resolves.toEqual([{ rowCount: 2 }, { rowCount: 2 }]);
  });

  it('sends a repeat in the next statement, after the first has answered', async () => {
    const { notify, answers, batches } = fakePool();
    const results = [notify('c', 'x'), notify('c', 'x'), notify('c', 'y')];
    await tick();
    expect(batches()).toEqual([[['c'], ['x']]]);
    answers[0].resolve('first');
    await tick();
    expect(batches()[1]).toEqual([
      ['c', 'c'],
      ['x', 'y'],
    ]);
    answers[1].resolve('second');
    await expect(Promise.all(results)).resolves.toEqual(['first', 'second', 'second']);
  });

  it('sends a full batch at once, and the rest once it has answered', async () => {
    const { notify, answers, batches } = fakePool();
    const results = ['1', '2', '3', '4', '5'].map((p) => notify('c', p));
    expect(batches()).toEqual([
      [
        ['c', 'c', 'c'],
        ['1', '2', '3'],
      ],
    ]); // the count was reached: no waiting for the tick
    await tick();
    expect(batches()).toHaveLength(1); // one statement in flight at a time keeps the order between statements
    answers[0].resolve('a');
    await tick();
    expect(batches()[1]).toEqual([
      ['c', 'c'],
      ['4', '5'],
    ]);
    answers[1].resolve('b');
    await expect(Promise.all(results)).resolves.toEqual(['a', 'a', 'a', 'b', 'b']);
  });

  it('rejects every caller of a failed statement, and still sends the next', async () => {
    const { notify, answers, batches } = fakePool();
    const failed = Promise.allSettled([notify('c', '1'), notify('c', '2'), notify('c', '3')]);
    const later = notify('c', '4');
    const error = new Error('connection terminated');
    answers[0].reject(error);
    expect(await failed).toEqual([1, 2, 3].map(() => ({ status: 'rejected', reason: error })));
    await tick();
    expect(batches()[1]).toEqual([['c'], ['4']]);
    answers[1].resolve('ok');
    await expect(later).resolves.toBe('ok');
  });

  it('rejects its callers when the pool throws instead of answering', async () => {
    const { pool, notify } = fakePool();
    pool.query.mockImplementationOnce(() => {
      throw new Error('Cannot use a pool after calling end on the pool');
    });
    const results = Promise.allSettled([notify('c', '1'), notify('c', '2')]);
    await tick();
    expect((await results).map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'Cannot use a pool after calling end on the pool',
      'Cannot use a pool after calling end on the pool',
    ]);
  });

  it('sends what is queued before it ends the pool (the adapter says goodbye while it closes)', async () => {
    const { pool, wrapped, notify, answers, batches } = fakePool();
    const goodbye = notify('c', 'closing');
    const ended = wrapped.end();
    expect(batches()).toEqual([[['c'], ['closing']]]); // at once, not at the end of the tick
    await tick();
    expect(pool.end).not.toHaveBeenCalled();
    answers[0].resolve('sent');
    await ended;
    await expect(goodbye).resolves.toBe('sent');
    expect(pool.end).toHaveBeenCalledTimes(1);
  });

  it('passes every other query, and the rest of the pool, through untouched', async () => {
    const { pool, wrapped, calls } = fakePool();
    const done = () => undefined;
    void wrapped.query('SELECT pg_notify($1, $2)', ['only one value'] as never);
    void wrapped.query('DELETE FROM socket_io_attachments WHERE created_at < now()');
    void wrapped.query('INSERT INTO socket_io_attachments (payload) VALUES ($1) RETURNING id;', [Buffer.from('x')]);
    void wrapped.query(NOTIFY_SQL, ['c', 'p'], done as never);
    void wrapped.query({ text: NOTIFY_SQL, values: ['c', 'p'] });
    expect(calls).toEqual([
      ['SELECT pg_notify($1, $2)', ['only one value']],
      ['DELETE FROM socket_io_attachments WHERE created_at < now()'],
      ['INSERT INTO socket_io_attachments (payload) VALUES ($1) RETURNING id;', [Buffer.from('x')]],
      [NOTIFY_SQL, ['c', 'p'], done],
      [{ text: NOTIFY_SQL, values: ['c', 'p'] }],
    ]);
    expect(wrapped.query('SELECT 1')).toBe(pool.query.mock.results[5].value); // the pool's own promise

    await expect(wrapped.connect()).resolves.toBe('a client');
    expect(wrapped.totalCount).toBe(3);
    const seen: unknown[] = [];
    wrapped.on('error', (e) => seen.push(e));
    pool.emit('error', 'boom');
    expect(seen).toEqual(['boom']);
  });
});
