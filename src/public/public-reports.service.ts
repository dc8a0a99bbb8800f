import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { conflict, notFound, unprocessable } from '../common/domain-error';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { UnitOfWork, type Tx } from '../database/unit-of-work';
import { RESIDENT } from '../cases/acting';
import type { Case } from '../cases/case.entity';
import { CaseRepository } from '../cases/persistence/case.repository';
import { TimelineRepository } from '../cases/persistence/timeline.repository';
import { CaseExecutor } from '../cases/case-executor';
import { CaseStore } from '../cases/case-store';
import type { PublicReportDto } from '../cases/intake/intake.dto';
import { IntakeService } from '../cases/intake/intake.service';
import type { Satisfaction } from '../cases/rating.entity';
import { RatingRepository } from '../cases/persistence/rating.repository';

/** What a resident is told of each step; names, phones and staff notes never leave. */
const PUBLIC_STEPS: Record<string, string> = {
  created: '已受理',
  merged: '已合并至同一问题统一处理',
  claimed: '已签收',
  escalated: '已上报上一级处置',
  whistled: '已吹哨，职能部门报到处置',
  dispatched: '已派单',
  resolved: '已处置，待核查',
  verified: '已核查，办结',
  reworked: '核查未通过，返工处置',
  closed: '已办结',
  reopened: '根据您的评价重新处置',
  cancelled: '已撤销',
  rated: '已评价',
};

/** A resident's page shows at most this many steps of a case (a much-merged case has many lines). */
const PUBLIC_TIMELINE_LIMIT = 1000;

/** 一站反馈 for residents: report by QR code, follow by tracking code, rate once per closure. */
@Injectable()
export class PublicReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly intake: IntakeService,
    private readonly executor: CaseExecutor,
    private readonly store: CaseStore,
    private readonly catalog: CatalogService,
    private readonly jurisdiction: JurisdictionService,
    private readonly cases: CaseRepository,
    private readonly timeline: TimelineRepository,
    private readonly ratings: RatingRepository,
  ) {}

  async report(dto: PublicReportDto, idempotencyKey?: string) {
    const location = dto.gridCode ? await this.placeInGrid(dto.gridCode, dto.location) : dto.location;
    const { case: c, created } = await this.intake.report(
      {
        categoryCode: dto.categoryCode,
        description: dto.description,
        location,
        gridCode: dto.gridCode,
        address: dto.address,
        source: 'resident',
        reporter: dto.contact,
        photos: dto.photos,
      },
      RESIDENT,
      undefined,
      idempotencyKey,
    );
    // A key names one report: replayed with another report it must not hand out that report's code.
    if (!created && (c.categoryCode !== dto.categoryCode || c.description !== dto.description)) {
      throw conflict('This Idempotency-Key was used for a different report');
    }
    return { receipt: { trackingCode: c.trackingCode, status: c.status, createdAt: c.createdAt }, created };
  }

  /** The QR code's grid places the report: the phone's position if it lies in that grid, else the grid's centre. */
  private async placeInGrid(gridCode: string, phone?: { lat: number; lng: number }) {
    if (this.jurisdiction.regions.get(gridCode)?.level !== 'grid') throw unprocessable(`Unknown grid ${gridCode}`, 'gridCode');
    if (phone && this.jurisdiction.gridAt(phone.lat, phone.lng) === gridCode) return phone;
    return (await this.jurisdiction.detail(gridCode)).center ?? undefined;
  }

  /** The catalogue a resident chooses from: codes and Chinese names only. */
  async categories() {
    return (await this.catalog.categories()).map((c) => ({ code: c.code, name: c.name, class: c.class }));
  }

  async track(trackingCode: string) {
    const own = await this.byTrackingCode(trackingCode);
    // A merged report follows the case it was merged into (its reporter gets that feedback).
    const effective = own.duplicateOf ? ((await this.cases.byIds(this.db.manager, [own.duplicateOf]))[0] ?? own) : own;
    const category = await this.catalog.category(own.categoryCode);
    const events = await this.timeline.page(this.db.manager, effective.id, PUBLIC_TIMELINE_LIMIT);
    const rating = await this.ratings.of(this.db.manager, own.id, effective.closureCount);
    return {
      trackingCode: own.trackingCode,
      status: effective.status,
      categoryName: category.name,
      createdAt: own.createdAt.toISOString(),
      closedAt: effective.status === 'closed' ? (effective.closedAt?.toISOString() ?? null) : null,
      feedback: effective.status === 'closed' ? effective.feedback : null,
      rating: rating ? { satisfaction: rating.satisfaction, at: rating.at.toISOString() } : null,
      canRate: own.source === 'resident' && effective.status === 'closed' && !rating,
      timeline: events.filter((e) => PUBLIC_STEPS[e.type]).map((e) => ({ at: e.at.toISOString(), type: e.type, label: PUBLIC_STEPS[e.type] })),
    };
  }

  async rate(trackingCode: string, satisfaction: Satisfaction, comment?: string) {
    const own = await this.byTrackingCode(trackingCode);
    // Only a resident's own report is rated here: a patrol or hotline case's code is known to staff,
    // and a rating counts in the evaluation (and may reopen the case). Those reporters get a callback (回访).
    if (own.source !== 'resident') throw conflict('Only a report made by a resident can be rated here; the street calls other reporters back');
    return this.uow.run((tx) => this.rateIn(tx, own, satisfaction, comment));
  }

  /** The rating in `tx`; `now` the clock's unless given (the demo history's replay), and then the rating's time too. */
  async rateIn(tx: Tx, own: Case, satisfaction: Satisfaction, comment?: string, now?: Date) {
    const loaded = await this.store.lock(tx.em, own.duplicateOf ?? own.id);
    const closure = loaded.row.closureCount;
    const rated = (await this.ratings.of(tx.em, own.id, closure)) !== null;
    await this.executor.run(tx, loaded, { type: 'rate', satisfaction, rated, note: comment ?? null }, RESIDENT, now);
    await this.ratings.add(tx.em, { caseId: own.id, closure, satisfaction, comment: comment ?? null, source: 'resident', at: now });
    const reopen = satisfaction === 'unsatisfied' && !loaded.row.reopened;
    return { trackingCode: own.trackingCode, satisfaction, reopened: reopen };
  }

  private async byTrackingCode(trackingCode: string): Promise<Case> {
    const row = await this.cases.byTrackingCode(this.db.manager, trackingCode.toUpperCase());
    if (!row) throw notFound('Report');
    return row;
  }
}
