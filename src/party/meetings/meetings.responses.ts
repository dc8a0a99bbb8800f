import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/api-responses';
import { MEETING_KINDS } from '../domain/party-types';

/** Documentation types for /api/docs: meetings (联席会议, 议事) and their minutes. */

const TIME = { type: String, format: 'date-time' } as const;
const REF = { type: String, format: 'uuid', nullable: true } as const;

export class AgendaItemBody {
  @ApiProperty() title: string;
  @ApiProperty(REF) demandId: string | null;
  @ApiProperty(REF) projectId: string | null;
  @ApiProperty(REF) caseId: string | null;
}

export class DecisionBody {
  @ApiProperty() item: string;
  @ApiProperty() outcome: string;
  @ApiProperty({ type: Number, nullable: true }) votesFor: number | null;
  @ApiProperty({ type: Number, nullable: true }) votesAgainst: number | null;
  @ApiProperty({ type: Number, nullable: true }) abstain: number | null;
}

export class MinutesBody {
  @ApiProperty({ type: [String], description: 'who attended (staff routes only)' }) attendees: string[];
  @ApiProperty({ type: () => [DecisionBody] }) decisions: DecisionBody[];
  @ApiProperty(TIME) recordedAt: string;
}

export class MeetingResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ enum: MEETING_KINDS }) kind: string;
  @ApiProperty(TIME) scheduledAt: string;
  @ApiProperty({ type: () => [AgendaItemBody] }) agenda: AgendaItemBody[];
  @ApiProperty({ type: () => MinutesBody, nullable: true, description: 'null until recorded' }) minutes: MinutesBody | null;
  @ApiProperty(TIME) createdAt: string;
}

export const MeetingPage = PageOf(MeetingResponse);
