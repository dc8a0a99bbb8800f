import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Rung } from '../cases/domain/case-types';
import type { CalendarKind } from '../sla/working-time';

export type Priority = 'normal' | 'urgent';

/** A category's SLA policy: ISO 8601 durations on its calendar. */
export interface SlaPolicy {
  calendar: CalendarKind;
  claim: string;
  handle: string;
  verify: string;
  warnRatio: number;
  ladder: { grid: string; neighbourhood: string; area: string; street: string };
  /** Durations that replace these for a case whose priority is `urgent` (the 15-minute response circle: `claim: PT15M`). */
  urgent?: SlaOverrides;
}

export interface SlaOverrides {
  claim?: string;
  handle?: string;
  verify?: string;
  ladder?: Partial<SlaPolicy['ladder']>;
}

/** One line of the responsibility list (权责清单) with its time limits. */
@Entity('category')
export class Category {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('text') class: string;
  @Column('text') leadDepartmentCode: string;
  @Column('text', { array: true, default: () => "'{}'" }) assistDepartmentCodes: string[];
  @Column('text') entryRung: Rung;
  @Column('text') priority: Priority;
  @Column('jsonb') sla: SlaPolicy;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
