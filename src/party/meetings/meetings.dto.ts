import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { MEETING_KINDS, type MeetingKind } from '../domain/party-types';
import { REGION_CODE } from '../units/units.dto';

export class AgendaItemDto {
  @IsString() @Length(1, 200) title: string;
  @IsOptional() @IsUUID('all') demandId?: string;
  @IsOptional() @IsUUID('all') projectId?: string;
  @IsOptional() @IsUUID('all') caseId?: string;
}

export class CreateMeetingDto {
  @Matches(REGION_CODE, { message: 'regionCode must be a region code' }) regionCode: string;
  @IsIn(MEETING_KINDS) kind: MeetingKind;
  @IsISO8601({ strict: true }) scheduledAt: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AgendaItemDto) agenda: AgendaItemDto[];
}

export class DecisionDto {
  @IsString() @Length(1, 200) item: string;
  @IsString() @Length(1, 1000) outcome: string;
  @IsOptional() @IsInt() @Min(0) @Max(100000) votesFor?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) votesAgainst?: number;
  @IsOptional() @IsInt() @Min(0) @Max(100000) abstain?: number;
}

export class MinutesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsString({ each: true }) @Length(1, 64, { each: true }) attendees: string[];
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => DecisionDto) decisions: DecisionDto[];
}

export class MeetingListQuery extends PageQuery {
  @IsOptional() @Matches(REGION_CODE, { message: 'regionCode must be a region code' }) regionCode?: string;
  @IsOptional() @IsIn(MEETING_KINDS) kind?: MeetingKind;
}
