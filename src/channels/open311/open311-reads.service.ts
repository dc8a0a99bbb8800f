import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Case } from '../../cases/case.entity';
import { projectCase, PUBLIC_READER } from '../../cases/case-projection';
import { CaseStore } from '../../cases/case-store';
import { caseView } from '../../cases/case-view';
import type { CaseStatus } from '../../cases/domain/case-types';
import { CaseRepository } from '../../cases/persistence/case.repository';
import { invalid } from '../../common/domain-error';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import type { Open311RequestsQuery } from './open311.dto';
import { Open311Error } from './open311-errors';
import { open311Request, type Open311Request } from './open311-request.view';
import { Open311ServicesService } from './open311-services.service';
import { parseW3cDate } from './w3c-dates';

/** The spec's longest span of one query, and its default. */
const SPAN_MS = 90 * 86_400_000;
/** "Default query limit is a span of 90 days or first 1000 requests returned, whichever is smallest." */
const LIMIT = 1000;
const STATUSES: Record<string, CaseStatus[]> = {
  open: ['pending', 'in_progress', 'resolved'],
  closed: ['closed', 'cancelled'],
};

const list = (raw: string | undefined) =>
  raw
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * GET requests: Open311 reads are public, like FixMyStreet's, so they list every case of the district
 * — whatever channel reported it — but only as open311-request.view.ts shapes it, from cases projected
 * for PUBLIC_READER: no names, phones, emails or tracking codes.
 */
@Injectable()
export class Open311ReadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly store: CaseStore,
    private readonly services: Open311ServicesService,
    private readonly jurisdiction: JurisdictionService,
  ) {}

  async list(q: Open311RequestsQuery): Promise<Open311Request[]> {
    this.services.requireJurisdiction(q.jurisdiction_id);
    const codes = list(q.service_request_id);
    // The spec: service_request_id "overrides all other arguments".
    if (codes?.length) {
      if (codes.length > 200) throw invalid('service_request_id', 'at most 200 service_request_id at once');
      const found = new Map((await this.cases.byCodes(this.db.manager, codes)).map((c) => [c.code, c]));
      return this.read(codes.flatMap((code) => found.get(code) ?? []));
    }
    const timeZone = (await this.services.names()).timeZone;
    const { from, to } = span(q, timeZone);
    const statuses = list(q.status);
    for (const s of statuses ?? []) if (!STATUSES[s]) throw invalid('status', `status ${s.slice(0, 20)} is not open or closed`);
    const services = list(q.service_code);
    for (const code of services ?? []) await this.services.category(code);
    const rows = await this.cases.createdBetween(this.db.manager, {
      districtCode: this.jurisdiction.regions.root().code,
      from,
      to,
      statuses: statuses?.length ? statuses.flatMap((s) => STATUSES[s]) : undefined,
      categoryCodes: services?.length ? services : undefined,
      limit: LIMIT,
    });
    return this.read(rows);
  }

  async one(code: string, jurisdictionId?: string): Promise<Open311Request[]> {
    this.services.requireJurisdiction(jurisdictionId);
    const [row] = await this.cases.byCodes(this.db.manager, [code]);
    if (!row) throw new Open311Error(404, `service_request_id ${code.slice(0, 64)} not found`);
    return this.read([row]);
  }

  /** The requests of these cases, each merged one read through the case it was merged into. */
  private async read(rows: Case[]): Promise<Open311Request[]> {
    const known = new Set(rows.map((r) => r.id));
    const masterIds = [...new Set(rows.flatMap((r) => (r.duplicateOf && !known.has(r.duplicateOf) ? [r.duplicateOf] : [])))];
    const all = [...rows, ...(masterIds.length ? await this.cases.byIds(this.db.manager, masterIds) : [])];
    const loaded = await this.store.withTasks(
      this.db.manager,
      all.map((r) => r.id),
      all,
    );
    const views = new Map(loaded.map(({ row, tasks }) => [row.id, projectCase(caseView(row, tasks), PUBLIC_READER)]));
    const names = await this.services.names();
    return rows.map((r) => {
      const own = views.get(r.id)!;
      return open311Request(own, (r.duplicateOf && views.get(r.duplicateOf)) || own, names);
    });
  }
}

/** [from, to) of a query: both given (at most 90 days apart), one given (90 days from it), or the last 90 days. */
function span(q: Open311RequestsQuery, timeZone: string): { from: Date; to: Date } {
  const date = (field: 'start_date' | 'end_date') => {
    const raw = q[field];
    if (raw === undefined) return undefined;
    const d = parseW3cDate(raw, timeZone);
    if (!d) throw invalid(field, `${field} must be a W3C date-time with its zone, e.g. 2026-11-01T00:00:00+08:00`);
    return d;
  };
  const start = date('start_date');
  const end = date('end_date');
  const to = end ?? (start ? new Date(start.getTime() + SPAN_MS) : new Date());
  const from = start ?? new Date(to.getTime() - SPAN_MS);
  if (from > to) throw invalid('start_date', 'start_date is after end_date');
  if (to.getTime() - from.getTime() > SPAN_MS) throw invalid('end_date', 'start_date to end_date may span at most 90 days');
  // end_date is inclusive (a requested_datetime equal to it matches).
  return { from, to: new Date(to.getTime() + 1) };
}
