import { ApiProperty } from '@nestjs/swagger';
import { LocationBody, TaskResponse } from '../cases/case.responses';
import { CASE_STATUSES } from '../cases/domain/case-types';
import { PageOf } from '../common/api-responses';

/** Documentation types for /api/docs: what task-queries.service.ts and extensionView produce. */

/** What a liaison's list shows of the case a task is on (no reporter, no tracking code). */
export class TaskCaseBody {
  @ApiProperty() code: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty() categoryCode: string;
  @ApiProperty({ enum: ['normal', 'urgent'] }) priority: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: () => LocationBody, nullable: true }) location: LocationBody | null;
  @ApiProperty() gridCode: string;
}

export class TaskListItemResponse extends TaskResponse {
  @ApiProperty({ type: () => TaskCaseBody }) case: TaskCaseBody;
}

export class TaskPage extends PageOf(TaskListItemResponse) {}

export class ExtensionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'PT4H', description: 'ISO 8601 duration' }) duration: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['pending', 'approved', 'declined'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) requestedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class ExtensionDecisionResponse extends ExtensionResponse {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the task’s handling deadline after the decision' })
  handleDueAt: string | null;
}
