import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/api-responses';
import { PROJECT_STATUSES } from '../domain/party-types';

/** Documentation types for /api/docs: projects (项目清单) and their effect. */

const TIME = { type: String, format: 'date-time' } as const;

export class MilestoneBody {
  @ApiProperty({ description: '0-based, as in …/milestones/:index/complete' }) index: number;
  @ApiProperty() title: string;
  @ApiProperty(TIME) dueAt: string;
  @ApiProperty({ ...TIME, nullable: true }) completedAt: string | null;
}

export class EffectPairBody {
  @ApiProperty({ example: '0101' }) categoryCode: string;
  @ApiProperty({ example: 'XH-CQ-A1-N01-G1' }) gridCode: string;
}

export class EffectWindowBody {
  @ApiProperty(TIME) from: string;
  @ApiProperty({ ...TIME, description: 'exclusive' }) to: string;
  @ApiProperty({ description: 'length of the window in days (two decimals)' }) days: number;
  @ApiProperty({ description: 'cases of the pairs reported in [from, to), merged and cancelled ones left out' }) count: number;
  @ApiProperty({ type: Number, nullable: true, description: 'count / days × 30 (two decimals); null for an empty window' }) per30Days: number | null;
}

export class EffectBody {
  @ApiProperty({ type: () => [EffectPairBody], description: 'the (category, grid) of each case the demands cite' }) pairs: EffectPairBody[];
  @ApiProperty({ type: () => EffectWindowBody, description: 'the 90 days before the start' }) before: EffectWindowBody;
  @ApiProperty({ type: () => EffectWindowBody, description: 'the start until now, at most 90 days' }) after: EffectWindowBody;
  @ApiProperty({ type: Number, nullable: true, description: 'after.per30Days − before.per30Days' }) change: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'change / before.per30Days' }) changeRatio: number | null;
}

export class ProjectResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'the nearest region holding all its demands' }) regionCode: string;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: string;
  @ApiProperty({ type: [String] }) demandIds: string[];
  @ApiProperty() leadUnitCode: string;
  @ApiProperty({ type: [String] }) partnerUnitCodes: string[];
  @ApiProperty() year: number;
  @ApiProperty({ type: Number, nullable: true }) fundsCny: number | null;
  @ApiProperty({ type: () => [MilestoneBody] }) milestones: MilestoneBody[];
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty({ ...TIME, nullable: true }) startedAt: string | null;
  @ApiProperty({ ...TIME, nullable: true }) finishedAt: string | null;
  @ApiProperty({ ...TIME, nullable: true }) droppedAt: string | null;
}

export class ProjectDetailResponse extends ProjectResponse {
  @ApiProperty({ type: () => EffectBody, nullable: true, description: 'null until the project starts' }) effect: EffectBody | null;
}

export const ProjectPage = PageOf(ProjectResponse);
