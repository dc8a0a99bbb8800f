import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Position } from '../../common/pagination';
import type { UnitKind } from '../domain/party-types';

export interface MemberUnit {
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string;
  contact: { name: string; phone: string };
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UnitFilter {
  regionCodes: string[] | null;
  kind?: UnitKind;
  q?: string;
  after?: Position;
  limit: number;
}

const SELECT = `SELECT code, name, kind, region_code, contact_name, contact_phone, active, created_at, updated_at FROM member_unit`;

/** The member_unit table (共建单位). */
@Injectable()
export class UnitRepository {
  async byCode(em: EntityManager, code: string, lock = false): Promise<MemberUnit | undefined> {
    const [row] = await em.query(`${SELECT} WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]);
    return row ? unitOf(row) : undefined;
  }

  async byCodes(em: EntityManager, codes: string[]): Promise<MemberUnit[]> {
    return (await em.query(`${SELECT} WHERE code = ANY($1::text[])`, [codes])).map(unitOf);
  }

  /** Newest first (keyset on created_at, code). */
  async list(em: EntityManager, f: UnitFilter): Promise<MemberUnit[]> {
    const rows = await em.query(
      `${SELECT}
       WHERE ($1::text[] IS NULL OR region_code = ANY($1::text[]))
         AND ($2::text IS NULL OR kind = $2)
         AND ($3::text IS NULL OR name ILIKE '%' || $3 || '%' OR code ILIKE '%' || $3 || '%')
         AND ($4::timestamptz IS NULL OR (created_at, code) < ($4, $5))
       ORDER BY created_at DESC, code DESC LIMIT $6`,
      [f.regionCodes, f.kind ?? null, f.q ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, f.limit],
    );
    return rows.map(unitOf);
  }

  /** Inserts a unit; false when its code is taken. */
  async insert(em: EntityManager, u: Omit<MemberUnit, 'createdAt' | 'updatedAt' | 'active'>): Promise<boolean> {
    const rows = await em.query(
      `INSERT INTO member_unit (code, name, kind, region_code, contact_name, contact_phone) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [u.code, u.name, u.kind, u.regionCode, u.contact.name, u.contact.phone],
    );
    return rows.length === 1;
  }

  async update(em: EntityManager, u: MemberUnit): Promise<void> {
    await em.query(
      `UPDATE member_unit SET name = $2, kind = $3, region_code = $4, contact_name = $5, contact_phone = $6, active = $7, updated_at = now()
       WHERE code = $1`,
      [u.code, u.name, u.kind, u.regionCode, u.contact.name, u.contact.phone, u.active],
    );
  }
}

function unitOf(r: Record<string, unknown>): MemberUnit {
  return {
    code: r.code as string,
    name: r.name as string,
    kind: r.kind as UnitKind,
    regionCode: r.region_code as string,
    contact: { name: r.contact_name as string, phone: r.contact_phone as string },
    active: r.active as boolean,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
