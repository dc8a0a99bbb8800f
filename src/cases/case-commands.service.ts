import { Injectable } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import type { AuthUser } from '../auth/auth-user';
import { canSeeCase, scopeOf } from '../auth/visibility';
import { CatalogService } from '../catalog/catalog.service';
import { invalid, notFound } from '../common/domain-error';
import { UnitOfWork, type Tx } from '../database/unit-of-work';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { actingUser, type Acting } from './acting';
import { CaseExecutor } from './case-executor';
import { CaseStore, type Loaded } from './case-store';
import { projectCase, type ProjectedCase } from './case-projection';
import type { CaseView } from './case-view';
import type { Command, Detail } from './domain/case-machine';
import type { LadderRung } from './domain/case-types';
import { namedDepartments, responsibleDepartments } from './domain/routing';
import type { Satisfaction } from './rating.entity';
import { RatingRepository } from './persistence/rating.repository';
import { parseDuration } from '../sla/duration';
import { clockFor } from '../sla/working-time';

export interface CallbackBody {
  reached: boolean;
  resolved?: boolean;
  satisfaction?: Satisfaction;
  note?: string;
}

/**
 * Handling on the ladder and by the street: claim, resolve, escalate (举手), whistle (吹哨),
 * dispatch (一表派单), cancel, verify (核查), supervise (督办), call back (回访). Each command: lock the case, check the user may see
 * it, let the state machine decide, write the result — one transaction.
 */
@Injectable()
export class CaseCommandsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: CaseStore,
    private readonly executor: CaseExecutor,
    private readonly catalog: CatalogService,
    private readonly jurisdiction: JurisdictionService,
    private readonly attachments: AttachmentsService,
    private readonly ratings: RatingRepository,
  ) {}

  claim(user: AuthUser, caseId: string) {
    return this.run(user, caseId, () => ({ type: 'claim' }));
  }

  resolve(user: AuthUser, caseId: string, note: string, photos: string[] = []) {
    return this.run(user, caseId, () => ({ type: 'resolve' }), { note, data: photos.length ? { photos } : undefined }, photos);
  }

  escalate(user: AuthUser, caseId: string, reason: string) {
    return this.run(user, caseId, async (c) => ({ type: 'escalate', whistleTo: await this.categoryDepartments(c) }), { note: reason });
  }

  async whistle(user: AuthUser, caseId: string, departmentCodes: string[], reason: string) {
    await this.catalog.requireDepartments(departmentCodes, 'departmentCodes');
    return this.run(user, caseId, () => ({ type: 'whistle', assignments: namedDepartments(departmentCodes) }), {
      note: reason,
      data: { departmentCodes },
    });
  }

  async dispatch(user: AuthUser, caseId: string, rung: LadderRung | 'department', departmentCodes: string[] | undefined, note?: string) {
    if (departmentCodes?.length) await this.catalog.requireDepartments(departmentCodes, 'departmentCodes');
    return this.run(
      user,
      caseId,
      async (c): Promise<Command> =>
        rung === 'department'
          ? {
              type: 'dispatch',
              rung,
              assignments: departmentCodes?.length ? namedDepartments(departmentCodes) : await this.categoryDepartments(c),
            }
          : { type: 'dispatch', rung },
      { note, data: { rung, departmentCodes } },
    );
  }

  cancel(user: AuthUser, caseId: string, reason: string) {
    return this.run(user, caseId, () => ({ type: 'cancel' }), { note: reason });
  }

  verify(user: AuthUser, caseId: string, passed: boolean, note: string, photos: string[] = []) {
    return this.run(user, caseId, () => ({ type: 'verify', passed }), { note, data: { passed, ...(photos.length ? { photos } : {}) } }, photos);
  }

  /** 督办: on the timeline and live to the case's audience; `dueIn` runs on the category's clock from now. */
  supervise(user: AuthUser, caseId: string, note: string, dueIn?: string) {
    return this.run(user, caseId, async (c) => ({ type: 'supervise', by: user.username, dueAt: dueIn ? await this.dueAfter(c, dueIn) : undefined }), {
      note,
    });
  }

  /**
   * 回访: a call-back that reached the reporter and heard a satisfaction is that closure's rating
   * (one per closure, a resident's or a call-back's); `unsatisfied` reopens the case as a rating would.
   */
  async callback(user: AuthUser, caseId: string, body: CallbackBody) {
    if (!body.reached && body.satisfaction !== undefined) throw invalid('satisfaction', 'satisfaction is heard only from a reporter who was reached');
    const view = await this.uow.run(async (tx) => {
      const loaded = await this.store.lock(tx.em, caseId);
      this.requireVisible(user, loaded);
      return this.callbackIn(tx, loaded, actingUser(user), body);
    });
    return projectCase(view, user);
  }

  /** The call-back on a case already locked in `tx` (at `now`, the clock's unless given: the demo history's replay). */
  async callbackIn(tx: Tx, loaded: Loaded, acting: Acting, body: CallbackBody, now?: Date): Promise<CaseView> {
    const caseId = loaded.row.id;
    const closure = loaded.row.closureCount;
    const rated = (await this.ratings.of(tx.em, caseId, closure)) !== null;
    const command: Command = {
      type: 'callback',
      reached: body.reached,
      resolved: body.resolved,
      satisfaction: body.satisfaction,
      rated,
      note: body.note ?? null,
    };
    const after = await this.executor.run(tx, loaded, command, acting, now);
    if (body.reached && body.satisfaction) {
      await this.ratings.add(tx.em, { caseId, closure, satisfaction: body.satisfaction, comment: body.note ?? null, source: 'callback', at: now });
    }
    return after;
  }

  /** `iso` from `from` on the category's clock: a supervision's `dueIn`. */
  async dueAfter({ row }: Loaded, iso: string, from = new Date()): Promise<Date> {
    const [category, calendar] = await Promise.all([this.catalog.category(row.categoryCode), this.catalog.calendar()]);
    const duration = parseDuration(iso);
    if (!duration) throw invalid('dueIn', 'dueIn must be an ISO 8601 duration');
    const clock = clockFor(category.sla.calendar, calendar);
    return clock.add(from, clock.toMs(duration));
  }

  /**
   * Runs one command on one case for a signed-in user (`photos`: those the command names); answers
   * with the case as that user may see it.
   */
  async run(
    user: AuthUser,
    caseId: string,
    command: (c: Loaded) => Command | Promise<Command>,
    detail: Detail = {},
    photos: string[] = [],
  ): Promise<ProjectedCase> {
    const view = await this.uow.run(async (tx) => {
      const loaded = await this.store.lock(tx.em, caseId);
      this.requireVisible(user, loaded);
      await this.attachments.requireUsable(tx.em, { user }, photos, caseId);
      return this.executor.run(tx, loaded, { ...(await command(loaded)), ...detail }, actingUser(user));
    });
    return projectCase(view, user);
  }

  /** Out of the user's jurisdiction reads as unknown (404), never as forbidden. */
  requireVisible(user: AuthUser, { row, tasks }: Loaded): void {
    const scope = scopeOf(user, this.jurisdiction.regions);
    const departments = tasks.map((t) => t.departmentCode);
    if (!canSeeCase(scope, row, departments)) throw notFound('Case');
  }

  async categoryDepartments({ row }: Loaded) {
    return responsibleDepartments(await this.catalog.category(row.categoryCode));
  }
}
