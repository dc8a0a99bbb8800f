import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a case's timeline; written with the change it records, never updated. */
@Entity('case_event')
export class CaseEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') caseId: string;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('text') type: string;
  @Column('uuid', { nullable: true }) actorId: string | null;
  /** Username, or `system` (SLA) / `resident` (public page). */
  @Column('text') actor: string;
  @Column('text', { nullable: true }) actorRole: string | null;
  @Column('text', { nullable: true }) rung: string | null;
  @Column('text', { nullable: true }) holderRegionCode: string | null;
  @Column('uuid', { nullable: true }) taskId: string | null;
  @Column('text', { nullable: true }) departmentCode: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('jsonb', { nullable: true }) data: Record<string, unknown> | null;
}
