import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Satisfaction = 'satisfied' | 'basic' | 'unsatisfied';

/** The reporter's rating of one closure of a case: a resident's own, or heard on a call-back (回访). */
@Entity('rating')
export class Rating {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') caseId: string;
  @Column('integer') closure: number;
  @Column('text') satisfaction: Satisfaction;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('timestamptz', { default: () => 'now()' }) at: Date;
  @Column('text', { default: 'resident' }) source: 'resident' | 'callback';
}
