import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { AttachmentsService } from '../../attachments/attachments.service';
import { CatalogService } from '../../catalog/catalog.service';
import type { Category } from '../../catalog/category.entity';
import { DomainError, forbidden, invalid, unprocessable } from '../../common/domain-error';
import { UnitOfWork, type Tx } from '../../database/unit-of-work';
import { JurisdictionService, type Placement } from '../../jurisdiction/jurisdiction.service';
import { type Acting } from '../acting';
import { Case, type CaseSource } from '../case.entity';
import { CaseExecutor } from '../case-executor';
import { CaseStore } from '../case-store';
import { CaseRepository } from '../persistence/case.repository';
import { caseView, type CaseView } from '../case-view';
import { boxAround, DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_MS, findDuplicate, type Point } from '../domain/duplicates';
import { entryOf } from '../domain/routing';
import { localDay, newTrackingCode, nextCaseCode } from './case-codes';

/** Unique (created_by, idempotency_key) for staff; the partial unique index for residents (no user). */
const IDEMPOTENCY_CONSTRAINTS = ['grid_case_created_by_idempotency_key_key', 'grid_case_resident_idempotency_key'];

export interface Report {
  categoryCode: string;
  description: string;
  location?: Point;
  gridCode?: string;
  address?: string;
  source: CaseSource;
  priority?: 'normal' | 'urgent';
  reporter?: { name?: string; phone?: string };
  photos?: string[];
  resolvedOnSite?: boolean;
}

export interface IntakeResult {
  /** The whole record (public intake reads its tracking code): project it before it leaves. */
  case: CaseView;
  /** False when an idempotent retry returned the case its first attempt made. */
  created: boolean;
}

/** 一口受理: every report, whoever sends it, becomes a case placed in its grid and routed. */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly jurisdiction: JurisdictionService,
    private readonly catalog: CatalogService,
    private readonly store: CaseStore,
    private readonly executor: CaseExecutor,
    private readonly cases: CaseRepository,
    private readonly attachments: AttachmentsService,
  ) {}

  async report(report: Report, acting: Acting, user?: AuthUser, idempotencyKey?: string): Promise<IntakeResult> {
    if (idempotencyKey) {
      const first = await this.findByIdempotencyKey(user?.id ?? null, idempotencyKey);
      if (first) return { case: first, created: false };
    }
    const category = await this.catalog.category(report.categoryCode).catch((e) => {
      // Only "no such category" is the report's fault; a database outage stays what it is (503).
      throw e instanceof DomainError && e.kind === 'not_found' ? unprocessable(`Unknown category ${report.categoryCode}`, 'categoryCode') : e;
    });
    const placement = await this.place(report);
    if (user) this.checkStreet(user, placement);
    // A new case has no photos yet: only the reporter's own uploads may be named.
    await this.attachments.requireUsable(this.db.manager, user, report.photos ?? []);
    const calendar = await this.catalog.calendar();
    const now = new Date();
    // A rolled-back intake leaves a gap in the numbers, never a duplicate.
    const code = await nextCaseCode(this.db.manager, placement.street.code, localDay(now, calendar.timezone));

    try {
      return await this.uow.run(async (tx) => {
        const master = report.location && !report.resolvedOnSite ? await this.findOpenDuplicate(tx, category, report.location, now) : null;
        return { case: await this.open(tx, { report, category, placement, code, acting, user, idempotencyKey, master }), created: true };
      });
    } catch (e) {
      // Two requests raced with one Idempotency-Key: the loser answers with the winner's case.
      const constraint = (e as { driverError?: { constraint?: string } }).driverError?.constraint;
      if (idempotencyKey && IDEMPOTENCY_CONSTRAINTS.includes(constraint ?? '')) {
        const first = await this.findByIdempotencyKey(user?.id ?? null, idempotencyKey);
        if (first) return { case: first, created: false };
      }
      throw e;
    }
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

  private async findOpenDuplicate(tx: Tx, category: Category, p: Point, now: Date): Promise<Case | null> {
    // Serialise intakes of one category nearby, so that two simultaneous reports of one problem
    // become one case, not two.
    await tx.em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`dup:${category.code}:${p.lat.toFixed(3)}:${p.lng.toFixed(3)}`]);
    const candidates = await this.cases.openNear(
      tx.em,
      category.code,
      boxAround(p, DUPLICATE_RADIUS_M),
      new Date(now.getTime() - DUPLICATE_WINDOW_MS),
    );
    if (candidates.length === 0) return null;
    const counts = await this.cases.mergedInto(
      tx.em,
      candidates.map((c) => c.id),
    );
    const merged = new Map(counts.map((r) => [r.id, r.merged]));
    const found = findDuplicate(
      p,
      now,
      candidates.map((c) => ({ row: c, lat: c.lat!, lng: c.lng!, createdAt: c.createdAt, merged: merged.get(c.id) ?? 0 })),
    );
    return found?.row ?? null;
  }

  /** The case row, then the machine's `open` (routed, merged into `master`, or closed on the spot) through the executor. */
  private async open(
    tx: Tx,
    a: {
      report: Report;
      category: Category;
      placement: Placement;
      code: string;
      acting: Acting;
      user?: AuthUser;
      idempotencyKey?: string;
      master: Case | null;
    },
  ): Promise<CaseView> {
    const { report, placement, master } = a;
    const row = {
      code: a.code,
      trackingCode: newTrackingCode(),
      categoryCode: a.category.code,
      priority: report.priority ?? a.category.priority,
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
      photos: report.photos ?? [],
      resolvedOnSite: report.resolvedOnSite ?? false,
      createdBy: a.user?.id ?? null,
      idempotencyKey: a.idempotencyKey ?? null,
      duplicateOf: master?.id ?? null,
    };
    const command = {
      type: 'open',
      entry: entryOf(a.category),
      resolvedOnSite: report.resolvedOnSite,
      source: report.source,
      master: master ? { id: master.id, code: master.code } : undefined,
      note: report.description,
    } as const;
    // The merged report's master hears of it in the same commit.
    const target = master ? await this.store.load(tx.em, master.id) : null;
    return this.executor.open(tx, row, command, a.acting, (created) =>
      target ? [{ target, command: { type: 'absorb', duplicate: { id: created.id, code: created.code } }, acting: a.acting }] : [],
    );
  }

  /** A user's key is theirs alone; residents (no user) share one namespace of random per-form keys. */
  private async findByIdempotencyKey(userId: string | null, key: string): Promise<CaseView | null> {
    const row = await this.db.getRepository(Case).findOneBy({ createdBy: userId ?? IsNull(), idempotencyKey: key });
    if (!row) return null;
    const { tasks } = await this.store.load(this.db.manager, row.id);
    return caseView(row, tasks);
  }
}
