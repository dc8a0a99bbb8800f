import { Injectable } from '@nestjs/common';
import { actingUser } from '../cases/acting';
import { CaseCommandsService } from '../cases/case-commands.service';
import type { Execution } from '../cases/case-executor';
import type { Loaded } from '../cases/case-store';
import type { Command } from '../cases/domain/case-machine';
import { isLadderRung } from '../cases/domain/case-types';
import { namedDepartments, responsibleDepartments } from '../cases/domain/routing';
import { CatalogService } from '../catalog/catalog.service';
import type { Tx } from '../database/unit-of-work';
import { PublicReportsService } from '../public/public-reports.service';
import { TaskCommandsService } from '../tasks/task-commands.service';
import type { Act } from './history-plan';
import type { People } from './history-people';

const HOLDER_ROLE = { grid: 'inspector', neighbourhood: 'neighbourhood', area: 'area', street: 'street' } as const;

/** An act made concrete on the case as it is: a command for the executor's batch, or a use case of its own (with side rows). */
export type Prepared = { execution: Execution } | { alone: (tx: Tx) => Promise<unknown> };

/**
 * Turns a planned act into what the live service would run for it: who does it (the case's holder,
 * its street, the grid's inspector, the department's liaison, the resident) and the command, built as
 * the controllers' services build it. Acts with rows of their own (ratings, call-backs, extensions)
 * go through those services' in-transaction use cases. `undefined`: the act no longer fits the case
 * (a deadline moved it first); the machine would have refused it.
 */
@Injectable()
export class HistoryActs {
  /** Extension requests waiting for the street, by task. */
  private readonly waiting = new Map<string, string>();

  constructor(
    private readonly commands: CaseCommandsService,
    private readonly tasks: TaskCommandsService,
    private readonly reports: PublicReportsService,
    private readonly catalog: CatalogService,
  ) {}

  async prepare(target: Loaded, act: Act, people: People, now: Date): Promise<Prepared | undefined> {
    const { row } = target;
    const street = people.user('street', row.streetCode);
    const holder = isLadderRung(row.rung) ? people.user(HOLDER_ROLE[row.rung], row.holderRegionCode) : undefined;
    const as = (u: typeof street, command: Command): Prepared | undefined =>
      u ? { execution: { target, command, acting: actingUser(u) } } : undefined;
    const task = (code: string) =>
      target.tasks.find((t) => t.departmentCode === code && !t.recalled && (t.status === 'pending' || t.status === 'claimed'));
    const liaison = (code: string) => people.liaison(code);
    switch (act.kind) {
      case 'claim':
        return as(holder, { type: 'claim' });
      case 'resolve':
        return as(holder, { type: 'resolve', note: '已现场处置完毕' });
      case 'escalate': {
        const whistleTo = responsibleDepartments(await this.catalog.category(row.categoryCode));
        return as(holder, { type: 'escalate', whistleTo, note: '超出本级处置能力，申请上级协调' });
      }
      case 'dispatch':
        return as(street, {
          type: 'dispatch',
          rung: 'department',
          assignments: namedDepartments([act.departmentCode]),
          note: '退单后重新派单',
          data: { rung: 'department', departmentCodes: [act.departmentCode] },
        });
      case 'cancel':
        return as(street, { type: 'cancel', note: '经核实为无效上报' });
      case 'supervise': {
        const dueAt = await this.commands.dueAfter(target, 'PT4H', now);
        return as(street, { type: 'supervise', by: street?.username ?? 'street', dueAt, note: '请加快处置，按时办结' });
      }
      case 'verify': {
        const inspector = people.user('inspector', row.gridCode) ?? street;
        const note = act.passed ? '现场核查，已整改到位' : '现场核查，未整改到位';
        return as(inspector, { type: 'verify', passed: act.passed, note, data: { passed: act.passed } });
      }
      case 'claimTask':
      case 'completeTask':
      case 'returnTask': {
        const t = task(act.departmentCode);
        if (!t) return undefined;
        const note = { claimTask: null, completeTask: '已按职责处置完毕', returnTask: '不属于本部门职责，申请退单' }[act.kind];
        return as(liaison(act.departmentCode), { type: act.kind, taskId: t.id, note });
      }
      case 'requestExtension': {
        const t = task(act.departmentCode);
        const by = liaison(act.departmentCode);
        if (!t || !by) return undefined;
        return {
          alone: async (tx) => {
            const ext = await this.tasks.requestExtensionIn(
              tx,
              target,
              actingUser(by),
              { taskId: t.id, duration: act.duration, reason: '需协调多方，申请延期' },
              now,
            );
            this.waiting.set(t.id, ext.id);
          },
        };
      }
      case 'decideExtension': {
        const t = task(act.departmentCode);
        const extensionId = t && this.waiting.get(t.id);
        if (!t || !extensionId || !street) return undefined;
        this.waiting.delete(t.id);
        const note = act.approved ? '同意延期' : '不同意延期，请按期办结';
        return { alone: (tx) => this.tasks.decideExtensionIn(tx, target, actingUser(street), { extensionId, approved: act.approved, note }, now) };
      }
      case 'rate':
        return {
          alone: (tx) => this.reports.rateIn(tx, row, act.satisfaction, act.satisfaction === 'unsatisfied' ? '问题没有解决' : undefined, now),
        };
      case 'callback': {
        if (!street) return undefined;
        const body = { reached: act.reached, resolved: act.reached ? act.satisfaction !== 'unsatisfied' : undefined, satisfaction: act.satisfaction };
        const note = act.reached ? '已电话回访' : '回访电话未接通';
        return { alone: (tx) => this.commands.callbackIn(tx, target, actingUser(street), { ...body, note }, now) };
      }
    }
  }
}
