import type { AuthUser } from '../auth/auth-user';
import type { CaseView } from './case-view';

/**
 * Personal data by role (API.md › Personal data): the one place that decides what of a case a viewer
 * sees. Every case that leaves the process — HTTP answers and live events alike — goes through
 * `projectCase`; `caseView` alone is the internal record and never leaves. Open311 reads project for
 * PUBLIC_READER before they pick their fields (channels/open311/open311-request.view.ts).
 */

/** Whoever receives a fan-out (socket rooms, and webhooks built from the same events): nobody in particular. */
export const LIVE_AUDIENCE = { kind: 'live-audience' } as const;
/** Anyone on the internet: Open311's public reads (GET requests) see no reporter and no tracking code. */
export const PUBLIC_READER = { kind: 'public-reader' } as const;
export type Viewer = AuthUser | typeof LIVE_AUDIENCE | typeof PUBLIC_READER;

type Private = 'reporter' | 'trackingCode';
declare const projected: unique symbol;
/** A case as one viewer may see it; the brand means only `projectCase` makes one. */
export type ProjectedCase<V extends CaseView = CaseView> = Omit<V, Private> & Partial<Pick<V, Private>> & { readonly [projected]: true };

/** The case without what `viewer` may not see: those keys are omitted, not nulled. */
export function projectCase<V extends CaseView>(view: V, viewer: Viewer): ProjectedCase<V> {
  const out: Partial<V> = { ...view }; // a copy keeps the key order of the view
  if (!seesReporter(view, viewer)) delete out.reporter;
  if (!seesTrackingCode(view, viewer)) delete out.trackingCode;
  return out as unknown as ProjectedCase<V>;
}

/**
 * The reporter's name and phone go to those who may have to call them back: the street and admins;
 * users of the region holding the case (exactly the holder: a neighbourhood user does not see it
 * while an area above holds the case, nor while a grid below does — the contract names the grid's
 * inspectors separately, which it would not need to if users of sub-regions were included); the
 * inspectors of the case's grid, wherever it sits on the ladder; and liaisons of a department whose
 * task on it is live. Never the wall, never a fan-out. Visibility of the case itself is scope.ts's job,
 * checked before any projection.
 */
export function seesReporter(view: CaseView, viewer: Viewer): boolean {
  if (!('role' in viewer)) return false;
  switch (viewer.role) {
    case 'admin':
    case 'street':
      return true;
    case 'display':
      return false;
    case 'liaison':
      return view.tasks.some((t) => t.departmentCode === viewer.departmentCode && isLiveTask(t));
    default:
      if (viewer.regionCode === null) return false;
      return viewer.regionCode === view.holderRegionCode || (viewer.role === 'inspector' && viewer.regionCode === view.gridCode);
  }
}

/**
 * A task is live until it is returned (退单) or recalled (the street dispatched elsewhere); a done task
 * still counts, since verification may send it back for rework.
 */
const isLiveTask = (t: CaseView['tasks'][number]) => !t.recalled && t.status !== 'returned';

/**
 * The tracking code lets whoever holds it rate the case as its reporter: only the street, admins and
 * the user who took the case in (a hotline operator reads it to the caller).
 */
export function seesTrackingCode(view: CaseView, viewer: Viewer): boolean {
  if (!('role' in viewer)) return false;
  if (viewer.role === 'admin' || viewer.role === 'street') return true;
  return view.createdBy !== null && view.createdBy === viewer.id;
}
