import { ApiProperty } from '@nestjs/swagger';
import { RATE_NAMES } from './domain/scheme';
import { UNIT_KINDS } from '../stats/indicators';

/** Documentation types for /api/docs: what the evaluation controller answers. */

const RATE = { type: Number, nullable: true, minimum: 0, maximum: 1, description: '0..1, null without data' } as const;
const TIME = { type: String, format: 'date-time' } as const;

export class IndicatorItemBody {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'cases (departments: tasks) created in the period' }) received: number;
  @ApiProperty() closed: number;
  @ApiProperty() closedOnTime: number;
  @ApiProperty() reworked: number;
  @ApiProperty({ description: 'sent back by a liaison' }) returned: number;
  @ApiProperty({ description: 'an extension granted' }) extended: number;
  @ApiProperty({ description: 'cases supervised (督办) in the period' }) supervised: number;
  @ApiProperty({ description: 'ratings and call-backs given in the period' }) rated: number;
  @ApiProperty() satisfied: number;
  @ApiProperty() basic: number;
  @ApiProperty() unsatisfied: number;
  @ApiProperty() urgentReceived: number;
  @ApiProperty() urgentClosedOnTime: number;
  @ApiProperty(RATE) closureRate: number | null;
  @ApiProperty(RATE) onTimeRate: number | null;
  @ApiProperty(RATE) reworkRate: number | null;
  @ApiProperty(RATE) returnRate: number | null;
  @ApiProperty({ ...RATE, description: '(satisfied + basic) / rated' }) satisfactionRate: number | null;
  @ApiProperty({ ...RATE, description: 'urgent cases closed on time / urgent cases closed' }) urgentOnTimeRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) avgHandleMinutes: number | null;
}

export class IndicatorsResponse {
  @ApiProperty({ example: '2026-11' }) period: string;
  @ApiProperty({ enum: UNIT_KINDS }) groupBy: string;
  @ApiProperty(TIME) from: string;
  @ApiProperty(TIME) to: string;
  @ApiProperty({ type: () => [IndicatorItemBody] }) items: IndicatorItemBody[];
}

export class MetricBody {
  @ApiProperty({ enum: RATE_NAMES }) metric: string;
  @ApiProperty() weight: number;
}

export class ComponentBody {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() weight: number;
  @ApiProperty({ type: () => [MetricBody], required: false }) metrics?: MetricBody[];
  @ApiProperty({ required: false, enum: [true] }) manual?: boolean;
}

export class SchemeBody {
  @ApiProperty({ example: 'xh-631' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: UNIT_KINDS }) groupBy: string;
  @ApiProperty({ type: () => [ComponentBody] }) components: ComponentBody[];
}

export class SchemesResponse {
  @ApiProperty({ type: () => [SchemeBody] }) items: SchemeBody[];
}

export class ScoreBody {
  @ApiProperty() code: string;
  @ApiProperty() component: string;
  @ApiProperty() score: number;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty(TIME) scoredAt: string;
}

export class ScoresResponse {
  @ApiProperty() scheme: string;
  @ApiProperty() period: string;
  @ApiProperty({ type: () => [ScoreBody] }) items: ScoreBody[];
}

export class ComponentScoreBody {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty() weight: number;
  @ApiProperty({ description: 'the weight after missing components’ weight was shared out' }) effectiveWeight: number;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
}

export class ScorecardBody {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Number, nullable: true }) total: number | null;
  @ApiProperty({ type: Number, nullable: true }) rank: number | null;
  @ApiProperty({ type: () => [ComponentScoreBody] }) components: ComponentScoreBody[];
  @ApiProperty({ type: [String], description: 'components left out for want of data' }) missing: string[];
}

export class ScorecardsResponse {
  @ApiProperty() scheme: string;
  @ApiProperty() period: string;
  @ApiProperty() published: boolean;
  @ApiProperty({ ...TIME, nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: () => [ScorecardBody] }) items: ScorecardBody[];
}
