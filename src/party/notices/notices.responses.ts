import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_STATUSES, MEETING_KINDS } from '../domain/party-types';

/** Documentation types for /api/docs: the public notices (四议两公开). No personal data: no contacts, no attendees. */

const TIME = { type: String, format: 'date-time' } as const;

export class NoticeMilestoneBody {
  @ApiProperty() title: string;
  @ApiProperty(TIME) dueAt: string;
  @ApiProperty({ ...TIME, nullable: true }) completedAt: string | null;
}

export class ProjectNoticeBody {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: PROJECT_STATUSES.filter((s) => s === 'active' || s === 'done') }) status: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: Number, nullable: true }) fundsCny: number | null;
  @ApiProperty({ description: 'the lead unit’s name' }) leadUnit: string;
  @ApiProperty({ type: [String], description: 'the partner units’ names' }) partnerUnits: string[];
  @ApiProperty({ type: () => [NoticeMilestoneBody] }) milestones: NoticeMilestoneBody[];
  @ApiProperty(TIME) startedAt: string;
  @ApiProperty({ ...TIME, nullable: true }) finishedAt: string | null;
}

export class DecisionNoticeBody {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ enum: MEETING_KINDS }) kind: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ ...TIME, description: 'when the meeting was held' }) heldAt: string;
  @ApiProperty() item: string;
  @ApiProperty() outcome: string;
  @ApiProperty({ type: Number, nullable: true }) votesFor: number | null;
  @ApiProperty({ type: Number, nullable: true }) votesAgainst: number | null;
  @ApiProperty({ type: Number, nullable: true }) abstain: number | null;
}

export class NoticesResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: () => [ProjectNoticeBody], description: 'started and finished projects, newest first (at most 100)' })
  projects: ProjectNoticeBody[];
  @ApiProperty({ type: () => [DecisionNoticeBody], description: 'decisions of minuted meetings, newest meeting first (at most 50 meetings)' })
  decisions: DecisionNoticeBody[];
}
