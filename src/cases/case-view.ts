import type { Case } from './case.entity';
import type { CaseEvent } from './case-event.entity';
import type { Task } from './task.entity';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A task as API.md shows it, with whether a running clock has run out. */
export function taskView(t: Task, now = new Date()) {
  const live = !t.recalled && (t.status === 'pending' || t.status === 'claimed');
  const late = (due: Date | null) => live && due !== null && new Date(due) <= now;
  return {
    id: t.id,
    caseId: t.caseId,
    departmentCode: t.departmentCode,
    role: t.role,
    status: t.status,
    recalled: t.recalled,
    claimDueAt: iso(t.claimDueAt),
    handleDueAt: iso(t.handleDueAt),
    overdue: (t.status === 'pending' && late(t.claimDueAt)) || late(t.handleDueAt),
    claimedBy: t.claimedBy,
    claimedAt: iso(t.claimedAt),
    doneAt: iso(t.doneAt),
    note: t.note,
    photos: t.photos,
    createdAt: iso(t.createdAt),
  };
}

/** Name and phone as every channel takes them; an email only where one was left (Open311). */
function reporterOf(c: Case): { name: string | null; phone: string | null; email?: string } | null {
  if (!c.reporterName && !c.reporterPhone && !c.reporterEmail) return null;
  return { name: c.reporterName, phone: c.reporterPhone, ...(c.reporterEmail ? { email: c.reporterEmail } : {}) };
}

/**
 * A case as the process knows it (without timeline); `tasks` oldest first. It carries the reporter and
 * the tracking code: it leaves only through `projectCase` (case-projection.ts).
 */
export function caseView(c: Case, tasks: Task[]) {
  return {
    id: c.id,
    code: c.code,
    status: c.status,
    rung: c.rung,
    categoryCode: c.categoryCode,
    priority: c.priority,
    description: c.description,
    address: c.address,
    location: c.lat === null || c.lng === null ? null : { lat: c.lat, lng: c.lng },
    gridCode: c.gridCode,
    neighbourhoodCode: c.neighbourhoodCode,
    areaCode: c.areaCode,
    streetCode: c.streetCode,
    holderRegionCode: c.holderRegionCode,
    source: c.source,
    externalRef: c.externalRef ?? null,
    requestType: c.requestType ?? null,
    receivedAt: c.receivedAt?.toISOString() ?? null,
    reporter: reporterOf(c),
    photos: c.photos,
    trackingCode: c.trackingCode,
    /** Who took the case in (null for a resident's own report): the one non-street user who sees `trackingCode`. */
    createdBy: c.createdBy,
    duplicateOf: c.duplicateOf,
    reworkCount: c.reworkCount,
    escalationCount: c.escalationCount,
    resolvedOnSite: c.resolvedOnSite,
    feedback: c.feedback,
    sla: { state: c.slaState, stage: c.slaStage, dueAt: iso(c.slaDueAt) },
    deadlines: { rungDueAt: iso(c.rungDueAt), verifyDueAt: iso(c.verifyDueAt) },
    // The latest 督办 (supervision): lists and the wall mark the case with it.
    supervisedAt: iso(c.supervisedAt),
    supervisionDueAt: iso(c.supervisionDueAt),
    supervisionCount: c.supervisionCount ?? 0,
    tasks: [...tasks].sort((a, b) => +a.createdAt - +b.createdAt).map((t) => taskView(t)),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
  };
}
export type CaseView = ReturnType<typeof caseView>;

export function timelineView(e: CaseEvent) {
  return {
    at: iso(e.at),
    type: e.type,
    actor: e.actor,
    actorRole: e.actorRole,
    rung: e.rung,
    holderRegionCode: e.holderRegionCode,
    taskId: e.taskId,
    departmentCode: e.departmentCode,
    note: e.note,
  };
}
