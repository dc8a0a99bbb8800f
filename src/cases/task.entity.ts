import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TaskRole, TaskStatus } from './domain/case-types';
import { Case } from './case.entity';

const timestamptz = { type: 'timestamptz' as const, nullable: true };

/** A department's share of a case (任务). */
@Entity('task')
export class Task {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') caseId: string;
  @ManyToOne(() => Case) @JoinColumn({ name: 'case_id' }) case: Case;
  @Column('text') departmentCode: string;
  @Column('text') role: TaskRole;
  @Column('text') status: TaskStatus;
  @Column('boolean', { default: false }) recalled: boolean;
  @Column(timestamptz) claimDueAt: Date | null;
  @Column(timestamptz) handleDueAt: Date | null;
  @Column('uuid', { nullable: true }) claimedBy: string | null;
  @Column(timestamptz) claimedAt: Date | null;
  @Column(timestamptz) doneAt: Date | null;
  @Column(timestamptz) returnedAt: Date | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid', { array: true, default: () => "'{}'" }) photos: string[];
  /** The case's grid and priority, copied at creation: a year of indicators scans tasks alone. */
  @Column('text') gridCode: string;
  @Column('boolean', { default: false }) urgent: boolean;
  /** What the evaluation counts (TaskFacts): a clock breached, sent back, extended, reworked. */
  @Column('boolean', { default: false }) late: boolean;
  @Column('boolean', { default: false }) sentBack: boolean;
  @Column('boolean', { default: false }) extended: boolean;
  @Column('boolean', { default: false }) reworked: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
