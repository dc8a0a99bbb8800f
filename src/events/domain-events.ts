import type { ProjectedCase } from '../cases/case-projection';
import type { CaseChange, TaskChange } from '../cases/domain/case-types';

/**
 * What happened, published only after the transaction that did it commits (UnitOfWork). One class
 * per live event of API.md; `name` is the socket.io event name. Each carries its audience: the
 * case's regions and the departments with tasks on it, so the gateway needs no query to route it.
 */
export interface Audience {
  regionCodes: string[]; // the case's grid and every ancestor
  departmentCodes: string[];
}

export abstract class DomainEvent<P = unknown> {
  abstract readonly name: string;
  constructor(
    readonly payload: P,
    readonly audience: Audience,
  ) {}
}

/** `case` is projected for LIVE_AUDIENCE: no reporter, no tracking code. */
export class CaseCreatedEvent extends DomainEvent<{ case: ProjectedCase }> {
  static readonly NAME = 'case.created';
  readonly name = CaseCreatedEvent.NAME;
}

export class CaseUpdatedEvent extends DomainEvent<{ case: ProjectedCase; change: CaseChange }> {
  static readonly NAME = 'case.updated';
  readonly name = CaseUpdatedEvent.NAME;
}

export class TaskUpdatedEvent extends DomainEvent<{ task: unknown; caseId: string; change: TaskChange }> {
  static readonly NAME = 'task.updated';
  readonly name = TaskUpdatedEvent.NAME;
}

export interface SlaEventBody {
  caseId: string;
  code: string;
  stage: string;
  dueAt: string;
  taskId?: string;
}

export class SlaWarningEvent extends DomainEvent<SlaEventBody> {
  static readonly NAME = 'sla.warning';
  readonly name = SlaWarningEvent.NAME;
}

export class SlaBreachedEvent extends DomainEvent<SlaEventBody & { action: 'escalated' | 'whistled' | 'none' }> {
  static readonly NAME = 'sla.breached';
  readonly name = SlaBreachedEvent.NAME;
}

/** 督办: no personal data, only who pressed and by when. */
export class CaseSupervisedEvent extends DomainEvent<{ caseId: string; code: string; note: string | null; dueAt: string | null; by: string }> {
  static readonly NAME = 'case.supervised';
  readonly name = CaseSupervisedEvent.NAME;
}

/** Every event, for listeners that forward all of them (the live gateway). */
export const ALL_EVENTS = [CaseCreatedEvent, CaseUpdatedEvent, TaskUpdatedEvent, SlaWarningEvent, SlaBreachedEvent, CaseSupervisedEvent].map(
  (e) => e.NAME,
);
