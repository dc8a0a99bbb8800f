import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { conflict, DomainError, forbidden, invalid, notFound, type FieldError } from '../common/domain-error';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { ratesOf } from '../stats/indicators';
import { IndicatorsService } from '../stats/indicators.service';
import { parsePeriod, type Period } from './domain/period';
import type { Scheme } from './domain/scheme';
import { scoreCards, type Scorecard } from './domain/scoring';
import type { ScoresDto } from './evaluation.dto';
import { EvaluationRepository, type ManualScore } from './evaluation.repository';

/**
 * Scorecards (考核成绩) from a scheme, the period's indicators and the manual scores of the caller's
 * book — the street (or, for an admin, the district) that keeps them, since each street appraises the
 * departments on its own cases. Published cards are read back as stored, never recomputed.
 */
@Injectable()
export class ScorecardsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: EvaluationRepository,
    private readonly indicators: IndicatorsService,
    private readonly jurisdiction: JurisdictionService,
  ) {}

  async cards(user: AuthUser, schemeCode: string, periodCode: string) {
    const [scheme, period, book] = [await this.scheme(schemeCode, 'scheme'), parsePeriod(periodCode), this.bookOf(user)];
    const published = await this.repo.publication(scheme.code, period.code, book);
    if (published)
      return { scheme: scheme.code, period: period.code, published: true, publishedAt: published.publishedAt.toISOString(), items: published.cards };
    const items = await this.compute(user, scheme, period, await this.repo.scores(scheme.code, period.code, book));
    return { scheme: scheme.code, period: period.code, published: false, publishedAt: null, items };
  }

  async saveScores(user: AuthUser, periodCode: string, body: ScoresDto) {
    const [scheme, period, book] = [
      await this.scheme(body.scheme, 'scheme', (f, m) => invalid(f, `${m} not found`)),
      parsePeriod(periodCode),
      this.bookOf(user),
    ];
    const units = new Set((await this.indicators.units(user, scheme.groupBy)).map((u) => u.code));
    const manual = new Set(scheme.components.filter((c) => c.manual).map((c) => c.key));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    body.items.forEach((item, i) => {
      if (!manual.has(item.component))
        errors.push({ field: `items[${i}].component`, message: `${item.component} is not a manual component of ${scheme.code}` });
      if (!units.has(item.code)) errors.push({ field: `items[${i}].code`, message: `${item.code} is not a ${scheme.groupBy} you evaluate` });
      const key = `${item.code}\u0000${item.component}`;
      if (seen.has(key)) errors.push({ field: `items[${i}]`, message: `${item.code} ${item.component} is scored twice` });
      seen.add(key);
    });
    if (errors.length) throw new DomainError('invalid', errors.map((e) => e.message).join('; '), errors);
    const now = new Date();
    await this.db.transaction(async (tx) => {
      await this.repo.lockBook(tx, scheme.code, period.code, book);
      if (await this.repo.publication(scheme.code, period.code, book, tx))
        throw conflict(`${scheme.code} ${period.code} is published: its scores are final`);
      const items = body.items.map((i) => ({ unitCode: i.code, component: i.component, score: i.score, note: i.note ?? null }));
      await this.repo.saveScores(tx, scheme.code, period.code, book, items, user.id, now);
    });
    return { scheme: scheme.code, period: period.code, items: (await this.repo.scores(scheme.code, period.code, book)).map(scoreView) };
  }

  /** Freezes the period's cards as they stand: once, and not before the period has begun. */
  async publish(user: AuthUser, periodCode: string, schemeCode: string) {
    const [scheme, period, book] = [await this.scheme(schemeCode, 'scheme'), parsePeriod(periodCode), this.bookOf(user)];
    const now = new Date();
    if (period.from > now) throw conflict(`${period.code} has not begun`);
    const items = await this.db.transaction(async (tx) => {
      await this.repo.lockBook(tx, scheme.code, period.code, book);
      if (await this.repo.publication(scheme.code, period.code, book, tx)) throw conflict(`${scheme.code} ${period.code} is published already`);
      const cards = await this.compute(user, scheme, period, await this.repo.scores(scheme.code, period.code, book, tx));
      await this.repo.publish(tx, scheme.code, period.code, book, cards, user.id, now);
      return cards;
    });
    return { scheme: scheme.code, period: period.code, published: true, publishedAt: now.toISOString(), items };
  }

  private async compute(user: AuthUser, scheme: Scheme, period: Period, scores: ManualScore[]): Promise<Scorecard[]> {
    const units = await this.indicators.of(user, scheme.groupBy, period.from, period.to);
    const manual = new Map<string, Record<string, number>>();
    for (const s of scores) manual.set(s.unitCode, { ...manual.get(s.unitCode), [s.component]: s.score });
    return scoreCards(
      scheme,
      units.map((u) => ({ code: u.code, name: u.name, rates: ratesOf(u.counts), manual: manual.get(u.code) ?? {} })),
    );
  }

  private async scheme(code: string, field: string, error: (f: string, m: string) => DomainError = (_, m) => notFound(m)): Promise<Scheme> {
    const scheme = await this.repo.scheme(code);
    if (!scheme) throw error(field, `Scheme ${code}`);
    return scheme;
  }

  /** Whose book a user reads and writes: its own region's, the district's for an admin. Liaisons are evaluated, not evaluators. */
  private bookOf(user: AuthUser): string {
    if (user.role === 'liaison') throw forbidden('Scorecards are kept by the streets and the district');
    if (user.role === 'admin') return this.jurisdiction.regions.root().code;
    if (!user.regionCode) throw forbidden('No region of yours keeps scorecards');
    return user.regionCode;
  }
}

const scoreView = (s: ManualScore) => ({
  code: s.unitCode,
  component: s.component,
  score: s.score,
  note: s.note,
  scoredAt: s.scoredAt.toISOString(),
});
