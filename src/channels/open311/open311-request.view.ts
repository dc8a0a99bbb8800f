import type { ProjectedCase } from '../../cases/case-projection';
import { w3cDateTime } from './w3c-dates';

/** What a read needs to name things: the catalogue's and the region tree's names, the district's zone. */
export interface Names {
  category(code: string): string;
  department(code: string): string;
  region(code: string): string;
  /** A grid's regions from the grid up, for a case that has no address of its own. */
  place(gridCode: string): string;
  timeZone: string;
}

/** What a resident is told of each state (status_notes). */
const NOTES: Record<string, string> = {
  pending: '已受理，待处置',
  in_progress: '处置中',
  resolved: '已处置，待核查',
  cancelled: '已撤销',
};

/**
 * One GeoReport v2 service request: the only shape in which a case leaves through Open311. Built from
 * cases already projected for PUBLIC_READER (no reporter, no tracking code), and from named fields
 * only, so nothing personal can slip in with a new column. `effective` is the case itself, or the
 * case it was merged into, whose progress it reads as.
 */
export function open311Request(own: ProjectedCase, effective: ProjectedCase, names: Names) {
  const closed = effective.status === 'closed' || effective.status === 'cancelled';
  const at = (iso: string | null) => (iso ? w3cDateTime(new Date(iso), names.timeZone) : null);
  return {
    service_request_id: own.code,
    status: closed ? 'closed' : 'open',
    status_notes: statusNotes(own, effective),
    agency_responsible: agency(effective, names),
    service_code: own.categoryCode,
    service_name: names.category(own.categoryCode),
    description: own.description,
    requested_datetime: at(own.createdAt)!,
    // The spec: for a closed request, the time it was closed.
    updated_datetime: at(closed ? (effective.closedAt ?? effective.updatedAt) : effective.updatedAt)!,
    expected_datetime: closed ? null : at(effective.sla.dueAt),
    address: own.address ?? names.place(own.gridCode),
    address_id: own.gridCode,
    lat: own.location?.lat ?? null,
    long: own.location?.lng ?? null,
  };
}
export type Open311Request = ReturnType<typeof open311Request>;

function statusNotes(own: ProjectedCase, effective: ProjectedCase): string | null {
  const merged = own.id !== effective.id ? `已与 ${effective.code} 合并处理；` : '';
  const note = effective.status === 'closed' ? (effective.feedback ?? '已办结') : NOTES[effective.status];
  return note ? merged + note : merged.replace(/；$/, '') || null;
}

/** Departments on live tasks (lead first) while it is on departments; otherwise the region holding it. */
function agency(c: ProjectedCase, names: Names): string {
  const live = c.tasks.filter((t) => !t.recalled && t.status !== 'returned').sort((a, b) => (a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1));
  if (c.rung === 'department' && live.length) return [...new Set(live.map((t) => names.department(t.departmentCode)))].join('、');
  return names.region(c.holderRegionCode);
}
