import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { AttachmentsService } from '../../attachments/attachments.service';
import { CatalogService } from '../../catalog/catalog.service';
import { DomainError, forbidden, invalid, unprocessable } from '../../common/domain-error';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { UnitOfWork, type Tx } from '../../database/unit-of-work';
import { JurisdictionService, type Placement } from '../../jurisdiction/jurisdiction.service';
import { type Acting } from '../acting';
import type { CaseSource, RequestType } from '../case.entity';
import { CaseExecutor, Clock, type Execution, type NewCaseFields, type Opening } from '../case-executor';
import { CaseStore } from '../case-store';
import { caseView, type CaseView } from '../case-view';
import { boxAround, DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_MS, findDuplicate, mayCollide, spotOf, type Point, type Probe } from '../domain/duplicates';
import { entryOf } from '../domain/routing';
import { CaseRepository } from '../persistence/case.repository';
import { caseCode, localDay, newTrackingCode } from './case-codes';
import { GroupCommit } from './group-commit';

/** Unique (created_by, idempotency_key) for staff; the partial unique index for residents (no user). */
const IDEMPOTENCY_CONSTRAINTS = ['grid_case_created_by_idempotency_key_key', 'grid_case_resident_idempotency_key'];
/** One case per 12345 work order. */
const EXTERNAL_REF_CONSTRAINT = 'grid_case_external_ref_key';
const RECEIVED_AHEAD_MS = 5 * 60_000;

export interface Report {
  categoryCode: string;
  description: string;
  location?: Point;
  gridCode?: string;
  address?: string;
  source: CaseSource;
  priority?: 'normal' | 'urgent';
  reporter?: { name?: string; phone?: string; email?: string };
  photos?: string[];
  resolvedOnSite?: boolean;
  externalRef?: string;
  requestType?: RequestType;
  /** ISO 8601: when the hotline platform took the call. */
  receivedAt?: string;
}

export interface IntakeResult {
  /** The whole record (public intake reads its tracking code): project it before it leaves. */
  case: CaseView;
  /** False when an idempotent retry returned the case its first attempt made. */
  created: boolean;
}

/** A checked report, ready to be opened: everything but its number, its id and its duplicate. */
interface Admitted {
  fields: Omit<NewCaseFields, 'id' | 'code' | 'duplicateOf'>;
  command: Opening['command'];
  acting: Acting;
  /** Where its duplicate check looks, unless it needs none (no position, or closed on the spot). */
  probe?: Point & { categoryCode: string };
}

/**
 * 一口受理: every report, whoever sends it, becomes a case placed in its grid and routed. Reports are
 * checked one by one, then opened in group commits: the reports that arrive together share one
 * transaction (their numbers, duplicate checks, rows, clocks and timeline in a few statements).
 */
@Injectable()
export class IntakeService implements BeforeApplicationShutdown {
  private readonly batches = new GroupCommit<Admitted, CaseView>({
    write: (reports) => this.uow.run((tx) => this.openAll(tx, reports)),
    collide: (a, b) => !!a.probe && !!b.probe && mayCollide(a.probe, b.probe),
    // A database that is away fails every report alike; anything else may be one report's (a key raced).
    retryAlone: (e) => !isDatabaseUnavailable(e),
    maxBatch: 64,
    maxInFlight: 2,
  });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly jurisdiction: JurisdictionService,
    private readonly catalog: CatalogService,
    private readonly store: CaseStore,
    private readonly executor: CaseExecutor,
    private readonly cases: CaseRepository,
    private readonly attachments: AttachmentsService,
    private readonly clock: Clock,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    // Reports already taken in finish before the pool closes: their callers are waiting for the answer.
    for (let waited = 0; this.batches.pending > 0 && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  }

  async report(report: Report, acting: Acting, user?: AuthUser, idempotencyKey?: string): Promise<IntakeResult> {
    if ((report.externalRef !== undefined || report.requestType !== undefined || report.receivedAt !== undefined) && report.source !== 'hotline') {
      throw invalid('source', 'externalRef, requestType and receivedAt belong to hotline work orders (source: hotline)');
    }
    // The platform's clock may run a little ahead of ours, never a day.
    if (report.receivedAt !== undefined && Date.parse(report.receivedAt) > this.clock.now().getTime() + RECEIVED_AHEAD_MS) {
      throw invalid('receivedAt', 'receivedAt is in the future');
    }
    if (idempotencyKey) {
      const first = await this.findByIdempotencyKey(user?.id ?? null, idempotencyKey);
      if (first) return { case: first, created: false };
    }
    try {
      return { case: await this.batches.submit(await this.admit(report, acting, user, idempotencyKey)), created: true };
    } catch (e) {
      // Two requests raced with one Idempotency-Key: the loser answers with the winner's case.
      const constraint = (e as { driverError?: { constraint?: string } }).driverError?.constraint;
      if (idempotencyKey && IDEMPOTENCY_CONSTRAINTS.includes(constraint ?? '')) {
        const first = await this.findByIdempotencyKey(user?.id ?? null, idempotencyKey);
        if (first) return { case: first, created: false };
      }
      // Two requests raced with one work order: the loser is told which case has it.
      if (report.externalRef && constraint === EXTERNAL_REF_CONSTRAINT) await this.refuseKnownWorkOrder(report.externalRef);
      throw e;
    }
  }

  /**
   * Reports taken in inside the caller's transaction at `now`, each checked as `report` checks it and
   * opened together as one group commit would open them: the demo history (src/history/) replays its
   * 90 days through here, so that its cases are numbered, placed, merged and routed as live ones are.
   */
  async openAt(tx: Tx, reports: { report: Report; acting: Acting; user?: AuthUser }[], now: Date): Promise<CaseView[]> {
    const admitted = await Promise.all(reports.map(({ report, acting, user }) => this.admit(report, acting, user, undefined)));
    return this.openAll(tx, admitted, now);
  }

  /** 409 naming the case that already has this 12345 work order, if one does. */
  private async refuseKnownWorkOrder(ref: string): Promise<void> {
    const known = await this.cases.byExternalRef(this.db.manager, ref);
    if (known) {
      throw new DomainError('conflict', `Work order ${ref} is case ${known.code} already`, [
        { field: 'externalRef', message: `already case ${known.code} (${known.id})` },
      ]);
    }
  }

  /** Everything that can refuse a report, before it waits for a transaction. */
  private async admit(report: Report, acting: Acting, user: AuthUser | undefined, idempotencyKey: string | undefined): Promise<Admitted> {
    if (report.externalRef) await this.refuseKnownWorkOrder(report.externalRef);
    const category = await this.catalog.category(report.categoryCode).catch((e) => {
      // Only "no such category" is the report's fault; a database outage stays what it is (503).
      throw e instanceof DomainError && e.kind === 'not_found' ? unprocessable(`Unknown category ${report.categoryCode}`, 'categoryCode') : e;
    });
    const placement = await this.place(report);
    if (user) this.checkStreet(user, placement);
    // A new case has no photos yet: only the reporter's own uploads may be named (a resident's: its form's).
    const owner = user ? { user } : idempotencyKey ? { formKey: idempotencyKey } : undefined;
    await this.attachments.requireUsable(this.db.manager, owner, report.photos ?? []);
    return {
      fields: {
        trackingCode: newTrackingCode(),
        categoryCode: category.code,
        priority: report.priority ?? category.priority,
        description: report.description,
        address: report.address ?? null,
        lat: report.location?.lat ?? null,
        lng: report.location?.lng ?? null,
        districtCode: placement.district.code,
        streetCode: placement.street.code,
        areaCode: placement.area.code,
        neighbourhoodCode: placement.neighbourhood.code,
        gridCode: placement.grid.code,
        source: report.source,
        reporterName: report.reporter?.name ?? null,
        reporterPhone: report.reporter?.phone ?? null,
        reporterEmail: report.reporter?.email ?? null,
        photos: report.photos ?? [],
        resolvedOnSite: report.resolvedOnSite ?? false,
        createdBy: user?.id ?? null,
        idempotencyKey: idempotencyKey ?? null,
        externalRef: report.externalRef ?? null,
        requestType: report.requestType ?? null,
        receivedAt: report.receivedAt ? new Date(report.receivedAt) : null,
      },
      command: { type: 'open', entry: entryOf(category), resolvedOnSite: report.resolvedOnSite, source: report.source, note: report.description },
      acting,
      probe: report.location && !report.resolvedOnSite ? { ...report.location, categoryCode: category.code } : undefined,
    };
  }

  private async place(report: Report): Promise<Placement> {
    if (report.location) {
      const placement = this.jurisdiction.locate(report.location.lat, report.location.lng);
      if (report.gridCode && report.gridCode !== placement.grid.code) {
        throw unprocessable(`The location lies in grid ${placement.grid.code}, not ${report.gridCode}`, 'gridCode');
      }
      return placement;
    }
    if (!report.gridCode) throw invalid('location', 'location or gridCode is required');
    if (!this.jurisdiction.regions.get(report.gridCode)) throw unprocessable(`Unknown grid ${report.gridCode}`, 'gridCode');
    return this.jurisdiction.placement(report.gridCode);
  }

  /** Inspectors and street operators report inside their own street; admins anywhere. */
  private checkStreet(user: AuthUser, placement: Placement): void {
    if (user.role === 'admin') return;
    const own = user.regionCode ? this.jurisdiction.regions.ancestorAt(user.regionCode, 'street')?.code : undefined;
    if (own !== placement.street.code) throw forbidden(`${placement.grid.code} is outside your street`);
  }

  /**
   * One transaction for reports that arrived together: their numbers, their duplicate checks (each
   * spot locked, so that a report of a problem just reported elsewhere waits and then sees it), and
   * the machine's `open` of each — routed, merged into its master, or closed on the spot.
   */
  private async openAll(tx: Tx, reports: Admitted[], now = this.clock.now()): Promise<CaseView[]> {
    const day = localDay(now, (await this.catalog.calendar()).timezone);
    const probes = reports.flatMap((r, i) => (r.probe ? [{ i, probe: r.probe }] : []));
    // A rolled-back intake leaves a gap in the numbers, never a duplicate.
    const numbers = await this.cases.reserve(
      tx.em,
      reports.length,
      probes.map(({ probe }) => spotOf(probe.categoryCode, probe)),
    );
    const masters = await this.findMasters(tx, reports, probes, now);
    const targets = new Map((await this.store.lockMany(tx.em, [...new Set(masters.flatMap((m) => (m ? [m.id] : [])))])).map((t) => [t.row.id, t]));
    const openings: Opening[] = [];
    const absorbs: Execution[] = [];
    for (const [i, r] of reports.entries()) {
      const master = masters[i];
      const row = { ...r.fields, id: randomUUID(), code: caseCode(r.fields.streetCode, day, numbers[i]), duplicateOf: master?.id ?? null };
      openings.push({ row, command: { ...r.command, master: master ? { id: master.id, code: master.code } : undefined }, acting: r.acting });
      // The merged report's master hears of it in the same commit.
      const target = master && targets.get(master.id);
      if (target) absorbs.push({ target, command: { type: 'absorb', duplicate: { id: row.id, code: row.code } }, acting: r.acting });
    }
    return this.executor.openMany(tx, openings, absorbs, now);
  }

  /** Each report's master (its spot already locked): the earliest open case of its problem nearby with room for one more merge. */
  private async findMasters(
    tx: Tx,
    reports: Admitted[],
    probes: { i: number; probe: Probe }[],
    now: Date,
  ): Promise<({ id: string; code: string } | undefined)[]> {
    if (probes.length === 0) return reports.map(() => undefined);
    const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS);
    const near = await this.cases.openNear(
      tx.em,
      probes.map(({ probe }) => ({ categoryCode: probe.categoryCode, ...boxAround(probe, DUPLICATE_RADIUS_M), since })),
    );
    const masters: ({ id: string; code: string } | undefined)[] = reports.map(() => undefined);
    probes.forEach(({ i, probe }, n) => {
      masters[i] = findDuplicate(
        probe,
        now,
        near.filter((c) => c.report === n),
      );
    });
    return masters;
  }

  /** A user's key is theirs alone; residents (no user) share one namespace of random per-form keys. */
  private async findByIdempotencyKey(userId: string | null, key: string): Promise<CaseView | null> {
    const row = await this.cases.byIdempotencyKey(this.db.manager, userId, key);
    if (!row) return null;
    const [{ tasks }] = await this.store.withTasks(this.db.manager, [row.id], [row]);
    return caseView(row, tasks);
  }
}
