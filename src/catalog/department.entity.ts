import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('department')
export class Department {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('text', { default: '' }) duties: string;
}
