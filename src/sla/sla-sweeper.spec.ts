import type { ConfigService } from '@nestjs/config';
import type { CatalogService } from '../catalog/catalog.service';
import type { CaseExecutor, Execution } from '../cases/case-executor';
import type { CaseStore } from '../cases/case-store';
import type { DueDeadline } from '../cases/domain/case-machine';
import type { UnitOfWork } from '../database/unit-of-work';
import type { DeadlineRepository } from './deadline.repository';
import { SlaSweeper } from './sla-sweeper.service';

/**
 * The sweeper's batches and its one-by-one fallback, over in-memory deadlines. Rows a transaction
 * took stay locked until it ends, and other transactions skip them (FOR UPDATE SKIP LOCKED).
 */
function setup(caseIds: string[], failing: string) {
  const due = caseIds.map((caseId, i) => ({ id: `d-${caseId}`, caseId, stage: 'rung' as const, rung: 'grid', taskId: null, dueAt: new Date(i) }));
  const postponed: string[] = [];
  const written: string[] = [];
  const locked = new Set<string>();
  const deadlines = {
    async takeDue(em: { held: string[] }, limit: number, id?: string): Promise<(DueDeadline & { caseId: string })[]> {
      await Promise.resolve(); // a round trip: the other lane runs meanwhile
      const taken = due
        .filter((d) => !locked.has(d.id) && !postponed.includes(d.id) && !written.includes(d.caseId) && (!id || d.id === id))
        .slice(0, limit);
      for (const d of taken) locked.add(d.id);
      em.held.push(...taken.map((d) => d.id));
      return taken;
    },
    async postpone(_em: unknown, id: string) {
      postponed.push(id);
    },
  };
  const executor = {
    async runMany(_tx: unknown, executions: Execution[]) {
      if (executions.some((e) => e.target.row.id === failing)) throw new Error(`case ${failing} is broken`);
      written.push(...executions.map((e) => e.target.row.id));
      return [];
    },
  };
  const store = { loadMany: async (_em: unknown, ids: string[]) => ids.map((id) => ({ row: { id, categoryCode: 'c' }, tasks: [] })) };
  const catalog = { category: async () => ({ leadDepartmentCode: 'chengguan', assistDepartmentCodes: [] }) };
  const uow = {
    async run<T>(work: (tx: unknown) => Promise<T>): Promise<T> {
      const em = { held: [] as string[] };
      try {
        return await work({ em, publish: () => undefined });
      } finally {
        for (const id of em.held) locked.delete(id);
      }
    },
  };
  const config = { get: () => 1000 };
  const sweeper = new SlaSweeper(
    uow as unknown as UnitOfWork,
    store as unknown as CaseStore,
    executor as unknown as CaseExecutor,
    deadlines as unknown as DeadlineRepository,
    catalog as unknown as CatalogService,
    config as unknown as ConfigService<never, true>,
  );
  Object.assign(sweeper, { logger: { error: () => undefined } });
  return { sweeper, postponed, written };
}

describe('SlaSweeper', () => {
  it('moves every due deadline in one batch', async () => {
    const { sweeper, written, postponed } = setup(['a', 'b', 'c'], 'none');
    expect(await sweeper.sweep()).toBe(3);
    expect(written).toEqual(['a', 'b', 'c']);
    expect(postponed).toEqual([]);
  });

  it('when a batch fails, goes one by one and postpones exactly the deadline that failed', async () => {
    const { sweeper, written, postponed } = setup(['a', 'b', 'c'], 'b');
    await sweeper.sweep();
    expect(postponed).toEqual(['d-b']);
    expect(written).toEqual(['a', 'c']);
  });

  it('sweeps in lanes that never take the same deadline: 2,500 due → each case written once', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `c${i}`);
    const { sweeper, written } = setup(ids, 'none');
    expect(await sweeper.sweep()).toBe(2500);
    expect(written).toHaveLength(2500);
    expect(new Set(written).size).toBe(2500);
  });
});
