import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WorkingCalendar } from '../sla/working-time';

/** The street's working calendar (hours, weekdays, holidays, 调休 days); one row, code 'default'. */
@Entity('work_calendar')
export class WorkCalendar {
  @PrimaryColumn('text') code: string;
  @Column('jsonb') definition: WorkingCalendar & { source?: string };
}
