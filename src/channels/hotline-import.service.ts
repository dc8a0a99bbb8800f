import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { AuthUser } from '../auth/auth-user';
import { actingUser } from '../cases/acting';
import { IntakeService } from '../cases/intake/intake.service';
import { DomainError, invalid, type FieldError } from '../common/domain-error';
import { HotlineRowDto } from './hotline-import.dto';

export interface ImportResult {
  created: number;
  duplicates: number;
  rejected: { row: number; externalRef: string | null; errors: FieldError[] }[];
}

/** At most this many work orders per import; more go in several. */
export const MAX_ROWS = 1000;
/** Rows taken in at once: enough for the intake's group commit to batch them. */
const CONCURRENCY = 16;

/**
 * A batch of 12345 work orders through the one intake (routing, duplicates, SLA and events as for any
 * hotline case). Each row gets its own result: a bad row never blocks the others, and a work order
 * already taken in counts as a duplicate, so importing the same batch again creates nothing.
 */
@Injectable()
export class HotlineImportService {
  constructor(private readonly intake: IntakeService) {}

  async import(user: AuthUser, rows: unknown[]): Promise<ImportResult> {
    if (rows.length === 0) throw invalid('body', 'an import holds at least one work order');
    if (rows.length > MAX_ROWS) throw invalid('body', `an import holds at most ${MAX_ROWS} work orders`);
    const result: ImportResult = { created: 0, duplicates: 0, rejected: [] };
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < rows.length; i = next++) await this.one(user, rows[i], i + 1, result);
    };
    await Promise.all([...Array(Math.min(CONCURRENCY, rows.length))].map(worker));
    result.rejected.sort((a, b) => a.row - b.row);
    return result;
  }

  private async one(user: AuthUser, raw: unknown, row: number, result: ImportResult): Promise<void> {
    const ref =
      typeof raw === 'object' && raw !== null && typeof (raw as { externalRef?: unknown }).externalRef === 'string'
        ? (raw as { externalRef: string }).externalRef
        : null;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      result.rejected.push({ row, externalRef: null, errors: [{ field: 'row', message: 'a work order is an object' }] });
      return;
    }
    const dto = plainToInstance(HotlineRowDto, raw);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      result.rejected.push({
        row,
        externalRef: ref,
        errors: errors.map((e) => ({ field: e.property, message: Object.values(e.constraints ?? {}).join('; ') })),
      });
      return;
    }
    const location = dto.lat !== undefined && dto.lng !== undefined ? { lat: dto.lat, lng: dto.lng } : undefined;
    try {
      await this.intake.report(
        {
          categoryCode: dto.categoryCode,
          description: dto.description,
          location,
          gridCode: dto.gridCode,
          address: dto.address,
          source: 'hotline',
          priority: dto.priority,
          reporter: dto.reporterName || dto.reporterPhone ? { name: dto.reporterName, phone: dto.reporterPhone } : undefined,
          externalRef: dto.externalRef,
          requestType: dto.requestType,
          receivedAt: dto.receivedAt,
        },
        actingUser(user),
        user,
      );
      result.created += 1;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e; // the database away: the import fails whole (503), and is safe to send again
      if (e.kind === 'conflict' && e.details.some((d) => d.field === 'externalRef')) result.duplicates += 1;
      else result.rejected.push({ row, externalRef: ref, errors: e.details.length ? e.details : [{ field: 'row', message: e.message }] });
    }
  }
}
