import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES } from '../cases/domain/case-types';

/** Documentation types for /api/docs: what a resident sees (no names, no phone numbers). */

const TIME = { type: String, format: 'date-time' } as const;

export class ReportReceiptResponse {
  @ApiProperty({ example: 'XF9GC-4BXDR', description: 'to follow the report at GET /api/public/reports/{trackingCode}' }) trackingCode: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty(TIME) createdAt: string;
}

export class PublicRatingBody {
  @ApiProperty({ enum: ['satisfied', 'basic', 'unsatisfied'] }) satisfaction: string;
  @ApiProperty(TIME) at: string;
}

export class PublicStepBody {
  @ApiProperty(TIME) at: string;
  @ApiProperty({ example: 'created' }) type: string;
  @ApiProperty({ example: '已受理' }) label: string;
}

export class PublicReportResponse {
  @ApiProperty() trackingCode: string;
  @ApiProperty({ enum: CASE_STATUSES, description: 'a merged report follows the case it was merged into' }) status: string;
  @ApiProperty() categoryName: string;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty({ ...TIME, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'once closed' }) feedback: string | null;
  @ApiProperty({ type: () => PublicRatingBody, nullable: true }) rating: PublicRatingBody | null;
  @ApiProperty() canRate: boolean;
  @ApiProperty({ type: () => [PublicStepBody] }) timeline: PublicStepBody[];
}

export class RatingReceiptResponse {
  @ApiProperty() trackingCode: string;
  @ApiProperty({ enum: ['satisfied', 'basic', 'unsatisfied'] }) satisfaction: string;
  @ApiProperty({ description: 'an `unsatisfied` first rating reopened the case' }) reopened: boolean;
}

export class PublicCategoryResponse {
  @ApiProperty({ example: '0101' }) code: string;
  @ApiProperty({ example: '道路破损' }) name: string;
  @ApiProperty({ example: '市容环境' }) class: string;
}
