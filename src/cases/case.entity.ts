import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Priority } from '../catalog/category.entity';
import type { CaseStatus, Rung } from './domain/case-types';

/** The 12345 platform's kinds of work order: 投诉, 求助, 咨询, 建议, 举报. */
export const REQUEST_TYPES = ['complaint', 'help', 'consultation', 'suggestion', 'report'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** `open311`: a resident's report from an Open311 app (src/channels/open311/); personal data as for `resident`. */
export type CaseSource = 'patrol' | 'hotline' | 'wall' | 'resident' | 'open311';
export type SlaState = 'ok' | 'warning' | 'breached';
export type SlaStage = 'rung' | 'claim' | 'handle' | 'verify';

const timestamptz = { type: 'timestamptz' as const, nullable: true };

/** One reported problem (案件). Table `grid_case`: `case` is an SQL keyword. */
@Entity('grid_case')
export class Case {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text', { unique: true }) code: string;
  @Column('text', { unique: true }) trackingCode: string;
  @Column('text') status: CaseStatus;
  @Column('text') rung: Rung;
  @Column('text') holderRegionCode: string;
  @Column('text') categoryCode: string;
  @Column('text') priority: Priority;
  @Column('text') description: string;
  @Column('text', { nullable: true }) address: string | null;
  @Column('double precision', { nullable: true }) lat: number | null;
  @Column('double precision', { nullable: true }) lng: number | null;
  @Column('text') districtCode: string;
  @Column('text') streetCode: string;
  @Column('text') areaCode: string;
  @Column('text') neighbourhoodCode: string;
  @Column('text') gridCode: string;
  @Column('text') source: CaseSource;
  @Column('text', { nullable: true }) reporterName: string | null;
  @Column('text', { nullable: true }) reporterPhone: string | null;
  /** Open311's `email`: the other channels take a name and a phone only. */
  @Column('text', { nullable: true }) reporterEmail: string | null;
  @Column('uuid', { array: true, default: () => "'{}'" }) photos: string[];
  @Column('uuid', { nullable: true }) duplicateOf: string | null;
  @Column('integer', { default: 0 }) reworkCount: number;
  @Column('integer', { default: 0 }) escalationCount: number;
  @Column('integer', { default: 0 }) closureCount: number;
  @Column('boolean', { default: false }) reopened: boolean;
  @Column('boolean', { default: false }) resolvedOnSite: boolean;
  /** The last handling note: what the reporter is told (一站反馈). */
  @Column('text', { nullable: true }) feedback: string | null;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @Column('text', { nullable: true }) idempotencyKey: string | null;
  /** A 12345 work order's number (工单编号) and kind: one case per work order. */
  @Column('text', { nullable: true }) externalRef: string | null;
  @Column('text', { nullable: true }) requestType: RequestType | null;
  /** When the hotline platform took the call: its own clock, kept beside ours (reportedAt). */
  @Column(timestamptz) receivedAt: Date | null;
  @Column('text', { default: 'ok' }) slaState: SlaState;
  @Column('text', { nullable: true }) slaStage: SlaStage | null;
  @Column(timestamptz) slaDueAt: Date | null;
  @Column(timestamptz) rungDueAt: Date | null;
  @Column(timestamptz) verifyDueAt: Date | null;
  /** The latest supervision (督办): when, and the time it asked for (null: none named). */
  @Column(timestamptz) supervisedAt: Date | null;
  @Column(timestamptz) supervisionDueAt: Date | null;
  @Column('integer', { default: 0 }) supervisionCount: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column(timestamptz) resolvedAt: Date | null;
  @Column(timestamptz) closedAt: Date | null;
}
