import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SlaStage } from '../cases/case.entity';

export type DeadlineState = 'running' | 'warned' | 'breached' | 'stopped';

/** A running clock of a case or task. The sweeper takes rows whose `nextAt` has come. */
@Entity('deadline')
export class Deadline {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') caseId: string;
  @Column('uuid', { nullable: true }) taskId: string | null;
  @Column('text') stage: SlaStage;
  @Column('text', { nullable: true }) rung: string | null;
  @Column('timestamptz') startedAt: Date;
  @Column('timestamptz', { nullable: true }) warnAt: Date | null;
  @Column('timestamptz') dueAt: Date;
  @Column('text', { default: 'running' }) state: DeadlineState;
  /** When the sweeper must look again (the warning, then the breach); null once nothing is left. */
  @Column('timestamptz', { nullable: true }) nextAt: Date | null;
  @Column('timestamptz', { nullable: true }) breachedAt: Date | null;
  @Column('timestamptz', { nullable: true }) stoppedAt: Date | null;
}
