import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A department's request for more time (延期), decided by the street. */
@Entity('extension')
export class Extension {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') taskId: string;
  @Column('uuid') caseId: string;
  @Column('text') duration: string;
  @Column('text') reason: string;
  @Column('text', { default: 'pending' }) status: 'pending' | 'approved' | 'declined';
  @Column('uuid') requestedBy: string;
  @Column('timestamptz', { default: () => 'now()' }) requestedAt: Date;
  @Column('uuid', { nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
  @Column('text', { nullable: true }) note: string | null;
}
