import {
  CaseCreatedEvent,
  CaseSupervisedEvent,
  CaseUpdatedEvent,
  SlaBreachedEvent,
  SlaWarningEvent,
  TaskUpdatedEvent,
  type Audience,
  type DomainEvent,
} from '../events/domain-events';
import type { Case } from './case.entity';
import { LIVE_AUDIENCE, projectCase } from './case-projection';
import { caseView, taskView } from './case-view';
import type { EventSpec } from './domain/case-machine';
import type { Task } from './task.entity';
import { audienceOf, taskAudience } from '../auth/visibility';

/**
 * The one place the machine's events (data) become event classes, from the case as the change left
 * it: a case's events reach its regions and its departments; a task's, its regions and that task's
 * department only.
 */
export function eventsOf(specs: EventSpec[], row: Case, tasks: Task[], taskId: (ref: { id: string } | { created: number }) => string): DomainEvent[] {
  const audience = audienceOf(row, tasks);
  const forTask = (id: string | null): Audience => {
    const task = id ? tasks.find((t) => t.id === id) : undefined;
    return task ? taskAudience(audience, task.departmentCode) : audience;
  };
  const live = () => projectCase(caseView(row, tasks), LIVE_AUDIENCE);
  return specs.map((e): DomainEvent => {
    switch (e.name) {
      case 'case.created':
        return new CaseCreatedEvent({ case: live() }, audience);
      case 'case.updated':
        return new CaseUpdatedEvent({ case: live(), change: e.change }, audience);
      case 'task.updated': {
        const task = tasks.find((t) => t.id === taskId(e.task))!;
        return new TaskUpdatedEvent({ task: taskView(task), caseId: row.id, change: e.change }, forTask(task.id));
      }
      case 'case.supervised':
        return new CaseSupervisedEvent({ caseId: row.id, code: row.code, note: e.note, dueAt: e.dueAt?.toISOString() ?? null, by: e.by }, audience);
      case 'sla.warning':
      case 'sla.breached': {
        const { deadline: d } = e;
        const body = { caseId: row.id, code: row.code, stage: d.stage, dueAt: d.dueAt.toISOString(), ...(d.taskId ? { taskId: d.taskId } : {}) };
        return e.name === 'sla.warning'
          ? new SlaWarningEvent(body, forTask(d.taskId))
          : new SlaBreachedEvent({ ...body, action: e.action }, forTask(d.taskId));
      }
    }
  });
}
