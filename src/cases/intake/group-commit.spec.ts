import { GroupCommit } from './group-commit';

interface Item {
  id: string;
  spot?: string;
  fails?: boolean;
}

/** A group commit over a fake writer that records each batch and answers when told to. */
function setup(opts: { maxBatch?: number; maxInFlight?: number; unavailable?: boolean } = {}) {
  const batches: string[][] = [];
  const pending: (() => void)[] = [];
  const commit = new GroupCommit<Item, string>({
    write: (items) => {
      batches.push(items.map((i) => i.id));
      return new Promise((resolve, reject) =>
        pending.push(() => {
          if (items.some((i) => i.fails)) reject(opts.unavailable ? new Error('unavailable') : new Error(`bad ${items.find((i) => i.fails)!.id}`));
          else resolve(items.map((i) => `case-${i.id}`));
        }),
      );
    },
    collide: (a, b) => a.spot !== undefined && a.spot === b.spot,
    retryAlone: (e) => (e as Error).message !== 'unavailable',
    maxBatch: opts.maxBatch ?? 64,
    maxInFlight: opts.maxInFlight ?? 1,
  });
  /** Lets every write started so far answer, and the writes they release start. */
  const flush = async () => {
    for (let i = 0; i < 20; i++) {
      while (pending.length) pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { commit, batches, flush };
}

describe('GroupCommit', () => {
  it('writes what arrives while a batch is being written as one next batch', async () => {
    const { commit, batches, flush } = setup();
    const answers = ['a', 'b', 'c', 'd'].map((id) => commit.submit({ id }));
    await flush();
    expect(await Promise.all(answers)).toEqual(['case-a', 'case-b', 'case-c', 'case-d']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('never writes more than maxBatch at once, nor more batches than maxInFlight', async () => {
    const { commit, batches, flush } = setup({ maxBatch: 2, maxInFlight: 2 });
    const answers = ['a', 'b', 'c', 'd', 'e'].map((id) => commit.submit({ id }));
    expect(batches).toEqual([['a'], ['b']]);
    await flush();
    await Promise.all(answers);
    expect(batches).toEqual([['a'], ['b'], ['c', 'd'], ['e']]);
  });

  it('keeps colliding items apart: the later waits for the earlier to be written, in order', async () => {
    const { commit, batches, flush } = setup({ maxInFlight: 2 });
    const answers = [commit.submit({ id: 'a', spot: 'x' }), commit.submit({ id: 'b', spot: 'x' }), commit.submit({ id: 'c', spot: 'y' })];
    expect(batches).toEqual([['a'], ['c']]);
    await flush();
    await Promise.all(answers);
    expect(batches).toEqual([['a'], ['c'], ['b']]);
  });

  it('a failed batch is written again item by item: only the broken item fails', async () => {
    const { commit, batches, flush } = setup();
    const first = commit.submit({ id: 'a' });
    const answers = Promise.allSettled([commit.submit({ id: 'b' }), commit.submit({ id: 'c', fails: true }), commit.submit({ id: 'd' })]);
    await flush();
    await first;
    const settled = await answers;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('bad c'));
    expect(batches).toEqual([['a'], ['b', 'c', 'd'], ['b'], ['c'], ['d']]);
  });

  it('a failure of the database itself fails the whole batch at once, without retries', async () => {
    const { commit, batches, flush } = setup({ unavailable: true });
    const first = commit.submit({ id: 'a' });
    const answers = Promise.allSettled([commit.submit({ id: 'b' }), commit.submit({ id: 'c', fails: true })]);
    await flush();
    await first;
    const settled = await answers;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(batches).toEqual([['a'], ['b', 'c']]);
    expect(commit.pending).toBe(0);
  });
});
