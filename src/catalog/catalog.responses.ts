import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RUNGS } from '../cases/domain/case-types';
import { ListOf } from '../common/api-responses';

/** Documentation types for /api/docs: departments, categories (as the demo city file) and the calendar. */

export class DepartmentResponse {
  @ApiProperty({ example: 'SR' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() duties: string;
}

const DURATION = { example: 'PT4H', description: 'ISO 8601 duration (working time on a `working` calendar)' } as const;

export class LadderBody {
  @ApiProperty(DURATION) grid: string;
  @ApiProperty(DURATION) neighbourhood: string;
  @ApiProperty(DURATION) area: string;
  @ApiProperty(DURATION) street: string;
}

export class UrgentLadderBody {
  @ApiPropertyOptional(DURATION) grid?: string;
  @ApiPropertyOptional(DURATION) neighbourhood?: string;
  @ApiPropertyOptional(DURATION) area?: string;
  @ApiPropertyOptional(DURATION) street?: string;
}

/** Durations that replace the normal ones for an urgent case. */
export class UrgentBody {
  @ApiPropertyOptional({ ...DURATION, example: 'PT15M' }) claim?: string;
  @ApiPropertyOptional(DURATION) handle?: string;
  @ApiPropertyOptional(DURATION) verify?: string;
  @ApiPropertyOptional({ type: () => UrgentLadderBody }) ladder?: UrgentLadderBody;
}

export class SlaPolicyBody {
  @ApiProperty({ enum: ['working', 'natural'] }) calendar: string;
  @ApiProperty(DURATION) claim: string;
  @ApiProperty(DURATION) handle: string;
  @ApiProperty(DURATION) verify: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.8 }) warnRatio: number;
  @ApiProperty({ type: () => LadderBody }) ladder: LadderBody;
  @ApiPropertyOptional({ type: () => UrgentBody, description: 'for a case whose priority is urgent' }) urgent?: UrgentBody;
}

export class CategoryResponse {
  @ApiProperty({ example: '0101' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty() class: string;
  @ApiProperty() leadDepartmentCode: string;
  @ApiProperty({ type: [String] }) assistDepartmentCodes: string[];
  @ApiProperty({ enum: RUNGS }) entryRung: string;
  @ApiProperty({ enum: ['normal', 'urgent'] }) priority: string;
  @ApiProperty({ type: () => SlaPolicyBody }) sla: SlaPolicyBody;
}

export class CalendarResponse {
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    example: [
      ['08:30', '12:00'],
      ['13:00', '17:30'],
    ],
  })
  workingHours: [string, string][];
  @ApiProperty({ type: [Number], description: 'ISO weekdays, 1 = Monday' }) workingWeekdays: number[];
  @ApiProperty({ type: [String], description: 'YYYY-MM-DD dates off' }) holidays: string[];
  @ApiProperty({ type: [String], description: 'YYYY-MM-DD weekend dates worked (调休)' }) adjustedWorkdays: string[];
  @ApiProperty({ required: false }) source?: string;
}

export class DepartmentList extends ListOf(DepartmentResponse) {}
export class CategoryList extends ListOf(CategoryResponse) {}
