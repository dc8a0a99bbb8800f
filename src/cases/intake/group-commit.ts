/**
 * Group commit: work that arrives while a batch is being written waits and goes, together, in the
 * next one — one transaction and a handful of statements for many requests, so that intake under
 * load costs the database per batch rather than per report. Under light load a batch is a single
 * item and nothing waits. Items that `collide` never share a batch or run beside each other: the
 * later one waits for the earlier's commit. A batch that fails is written again item by item (when
 * `retryAlone` says the failure may be one item's), so that each item gets its own answer.
 */
export interface GroupCommitOptions<I, R> {
  write: (items: I[]) => Promise<R[]>;
  collide: (a: I, b: I) => boolean;
  retryAlone: (e: unknown) => boolean;
  maxBatch: number;
  /** Batches written at once. */
  maxInFlight: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit<I, R> {
  private readonly waiting: Waiting<I, R>[] = [];
  private readonly writing = new Set<I>();
  private inFlight = 0;

  constructor(private readonly o: GroupCommitOptions<I, R>) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Items waiting or being written (for tests and shutdown). */
  get pending(): number {
    return this.waiting.length + this.writing.size;
  }

  private pump(): void {
    while (this.inFlight < this.o.maxInFlight) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.inFlight++;
      for (const w of batch) this.writing.add(w.item);
      void this.run(batch).finally(() => {
        for (const w of batch) this.writing.delete(w.item);
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The oldest waiting items that collide with nothing being written nor with each other. */
  private take(): Waiting<I, R>[] {
    const batch: Waiting<I, R>[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.o.maxBatch;) {
      const w = this.waiting[i];
      const blocked = [...this.writing].some((x) => this.o.collide(x, w.item)) || batch.some((b) => this.o.collide(b.item, w.item));
      if (blocked) {
        i++;
        continue;
      }
      batch.push(w);
      this.waiting.splice(i, 1);
    }
    return batch;
  }

  private async run(batch: Waiting<I, R>[]): Promise<void> {
    try {
      const results = await this.o.write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1 || !this.o.retryAlone(e)) {
        for (const w of batch) w.reject(e);
        return;
      }
      for (const w of batch) {
        await this.o.write([w.item]).then(
          ([r]) => w.resolve(r),
          (err: unknown) => w.reject(err),
        );
      }
    }
  }
}
