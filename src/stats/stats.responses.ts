import { ApiProperty } from '@nestjs/swagger';

/** Documentation types for /api/docs: what stats.service.ts produces (also pushed as `stats.overview` on /live). */

export class ByRungBody {
  @ApiProperty() grid: number;
  @ApiProperty() neighbourhood: number;
  @ApiProperty() area: number;
  @ApiProperty() street: number;
  @ApiProperty() department: number;
}

export class CategoryCountBody {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() open: number;
}

export class OverviewResponse {
  @ApiProperty({ type: String, nullable: true, description: 'null for a liaison (its department’s cases)' }) regionCode: string | null;
  @ApiProperty() open: number;
  @ApiProperty() pending: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() resolved: number;
  @ApiProperty() overdue: number;
  @ApiProperty() warning: number;
  @ApiProperty() createdToday: number;
  @ApiProperty() closedToday: number;
  @ApiProperty({ type: () => ByRungBody }) byRung: ByRungBody;
  @ApiProperty({ type: () => [CategoryCountBody] }) byCategory: CategoryCountBody[];
}

const RATE = { type: Number, nullable: true, minimum: 0, maximum: 1, description: '0..1, null without data' } as const;

export class RankingRowResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() received: number;
  @ApiProperty() closed: number;
  @ApiProperty(RATE) onTimeRate: number | null;
  @ApiProperty(RATE) closureRate: number | null;
  @ApiProperty(RATE) reworkRate: number | null;
  @ApiProperty(RATE) returnRate: number | null;
  @ApiProperty(RATE) satisfactionRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) avgHandleMinutes: number | null;
}

export class RankingResponse {
  @ApiProperty({ enum: ['department', 'street', 'area'] }) groupBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time' }) to: string;
  @ApiProperty({ type: () => [RankingRowResponse] }) items: RankingRowResponse[];
}

export class HotspotBody {
  @ApiProperty({ example: 'XH-CQ-A1-N01-G1' }) gridCode: string;
  @ApiProperty({ example: '0101' }) categoryCode: string;
  @ApiProperty({ description: 'Reports in the window, merged duplicates included, cancelled ones not' }) count: number;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The counted cases, oldest report first; past 100 (what one demand may cite) the latest 100',
  })
  caseIds: string[];
  @ApiProperty({ type: String, format: 'date-time', description: 'The latest of those reports' }) lastReportedAt: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The most recent demand (需求) citing any of these cases that is not closed; null if none',
  })
  demandId: string | null;
}

export class HotspotsResponse {
  @ApiProperty({ type: () => [HotspotBody], description: 'Most reports first, at most 50' }) items: HotspotBody[];
}
