import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/api-responses';
import { CASE_STATUSES, RUNGS, TASK_STATUSES } from './domain/case-types';

/** Documentation types for /api/docs: what case-view.ts and case-projection.ts produce. */

const TIME = { type: String, format: 'date-time' } as const;
const TIME_OR_NULL = { ...TIME, nullable: true } as const;

export class LocationBody {
  @ApiProperty({ example: 31.1405 }) lat: number;
  @ApiProperty({ example: 121.4205 }) lng: number;
}

export class ReporterBody {
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ required: false, description: 'only when the reporter left one (Open311)' }) email?: string;
}

export class CaseSlaBody {
  @ApiProperty({ enum: ['ok', 'warning', 'breached'] }) state: string;
  @ApiProperty({ enum: ['rung', 'claim', 'handle', 'verify'], nullable: true, description: 'the nearest running deadline' }) stage: string | null;
  @ApiProperty(TIME_OR_NULL) dueAt: string | null;
}

export class CaseDeadlinesBody {
  @ApiProperty(TIME_OR_NULL) rungDueAt: string | null;
  @ApiProperty(TIME_OR_NULL) verifyDueAt: string | null;
}

export class TaskResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'SR' }) departmentCode: string;
  @ApiProperty({ enum: ['lead', 'assist'] }) role: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ description: 'taken back by a later dispatch' }) recalled: boolean;
  @ApiProperty(TIME_OR_NULL) claimDueAt: string | null;
  @ApiProperty(TIME_OR_NULL) handleDueAt: string | null;
  @ApiProperty({ description: 'a running claim or handling deadline has passed' }) overdue: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) claimedBy: string | null;
  @ApiProperty(TIME_OR_NULL) claimedAt: string | null;
  @ApiProperty(TIME_OR_NULL) doneAt: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: [String], description: 'attachment ids' }) photos: string[];
  @ApiProperty(TIME) createdAt: string;
}

export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'XH-CQ-20261123-000001' }) code: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ enum: RUNGS }) rung: string;
  @ApiProperty({ example: '0101' }) categoryCode: string;
  @ApiProperty({ enum: ['normal', 'urgent'] }) priority: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: () => LocationBody, nullable: true }) location: LocationBody | null;
  @ApiProperty() gridCode: string;
  @ApiProperty() neighbourhoodCode: string;
  @ApiProperty() areaCode: string;
  @ApiProperty() streetCode: string;
  @ApiProperty({ description: 'the region holding the case (on departments: the street that whistled)' }) holderRegionCode: string;
  @ApiProperty({ enum: ['patrol', 'hotline', 'wall', 'resident', 'open311'] }) source: string;
  @ApiProperty({ type: String, nullable: true, description: 'the 12345 work order’s number (hotline cases)' }) externalRef: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['complaint', 'help', 'consultation', 'suggestion', 'report'] }) requestType: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the 12345 platform took the call (hotline cases)' })
  receivedAt: string | null;
  @ApiProperty({
    type: () => ReporterBody,
    nullable: true,
    required: false,
    description: 'only to those API.md › Personal data names; absent for everyone else',
  })
  reporter?: ReporterBody | null;
  @ApiProperty({ type: [String], description: 'attachment ids' }) photos: string[];
  @ApiProperty({ required: false, description: 'only to street, admin and the user who took the case in' }) trackingCode?: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'who took the case in (null: a resident)' }) createdBy: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) duplicateOf: string | null;
  @ApiProperty() reworkCount: number;
  @ApiProperty() escalationCount: number;
  @ApiProperty() resolvedOnSite: boolean;
  @ApiProperty({ type: String, nullable: true }) feedback: string | null;
  @ApiProperty({ type: () => CaseSlaBody }) sla: CaseSlaBody;
  @ApiProperty({ type: () => CaseDeadlinesBody }) deadlines: CaseDeadlinesBody;
  @ApiProperty({ ...TIME_OR_NULL, description: 'the latest supervision (督办); null: never supervised' }) supervisedAt: string | null;
  @ApiProperty({ ...TIME_OR_NULL, description: 'the time the latest supervision asked for (null: none named)' }) supervisionDueAt: string | null;
  @ApiProperty({ description: 'how many times the case was supervised (督办)' }) supervisionCount: number;
  @ApiProperty({ type: () => [TaskResponse], description: 'oldest first' }) tasks: TaskResponse[];
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty(TIME) updatedAt: string;
  @ApiProperty(TIME_OR_NULL) resolvedAt: string | null;
  @ApiProperty(TIME_OR_NULL) closedAt: string | null;
}

export class TimelineEntryResponse {
  @ApiProperty(TIME) at: string;
  @ApiProperty({ example: 'created' }) type: string;
  @ApiProperty({ description: 'who made the change (a username, or the system)' }) actor: string;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty({ enum: RUNGS, nullable: true }) rung: string | null;
  @ApiProperty({ type: String, nullable: true }) holderRegionCode: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) taskId: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentCode: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class CaseDetailResponse extends CaseResponse {
  @ApiProperty({ type: () => [TimelineEntryResponse], description: 'the first entries, oldest first' }) timeline: TimelineEntryResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'continues the timeline at GET /api/cases/{id}/timeline' })
  timelineNextCursor: string | null;
}

export class CasePage extends PageOf(CaseResponse) {}
export class TimelinePage extends PageOf(TimelineEntryResponse) {}
