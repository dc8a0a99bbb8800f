import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './role';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) username: string;
  @Column('text', { select: false }) passwordHash: string;
  @Column('text') role: Role;
  @Column('text', { nullable: true }) regionCode: string | null;
  @Column('text', { nullable: true }) departmentCode: string | null;
  @Column('text') displayName: string;
  @Column('boolean', { default: true }) active: boolean;
  /** In every token issued; bumped to end them all (disable, role/region/department/password change). */
  @Column('integer', { default: 0 }) tokenVersion: number;
  @Column('timestamptz', { nullable: true }) lastLoginAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
