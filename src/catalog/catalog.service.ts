import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DomainError, invalid, notFound } from '../common/domain-error';
import type { WorkingCalendar } from '../sla/working-time';
import { WorkCalendar } from './calendar.entity';
import { Category } from './category.entity';
import type { CategoryDto } from './category.dto';
import { Department } from './department.entity';

/**
 * Reference data is read on every intake and every deadline, and changes rarely: it is kept for a
 * second. A change made here is seen at once; one made by another instance within a second.
 */
const FRESH_MS = 1000;

/** The responsibility list (权责清单): departments, categories with their SLA policies, the calendar. */
@Injectable()
export class CatalogService {
  private cache: { at: number; categories: Map<string, Category>; calendar: WorkingCalendar | null } | undefined;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async fresh() {
    if (!this.cache || Date.now() - this.cache.at > FRESH_MS) {
      const [categories, calendar] = await Promise.all([
        this.db.getRepository(Category).find(),
        this.db.getRepository(WorkCalendar).findOneBy({ code: 'default' }),
      ]);
      this.cache = { at: Date.now(), categories: new Map(categories.map((c) => [c.code, c])), calendar: this.same(calendar?.definition ?? null) };
    }
    return this.cache;
  }

  /**
   * The calendar object kept while its definition is unchanged: working clocks (and their cache of
   * working days) are kept per calendar object, so a fresh copy every second would rebuild them.
   */
  private same(next: WorkingCalendar | null): WorkingCalendar | null {
    const prev = this.cache?.calendar ?? null;
    return prev && next && JSON.stringify(prev) === JSON.stringify(next) ? prev : next;
  }

  departments(): Promise<Department[]> {
    return this.db.getRepository(Department).find({ order: { code: 'ASC' } });
  }

  async categories(): Promise<Category[]> {
    return [...(await this.fresh()).categories.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  async category(code: string): Promise<Category> {
    const category = (await this.fresh()).categories.get(code);
    if (!category) throw notFound(`Category ${code}`);
    return category;
  }

  async calendar(): Promise<WorkingCalendar> {
    const calendar = (await this.fresh()).calendar;
    if (!calendar) throw new DomainError('unprocessable', 'No working calendar is configured');
    return calendar;
  }

  /** Checks that every code names a department; 400 naming the field otherwise. */
  async requireDepartments(codes: string[], field: string): Promise<void> {
    const found = await this.db.getRepository(Department).countBy({ code: In(codes) });
    if (found !== new Set(codes).size) {
      const known = new Set((await this.departments()).map((d) => d.code));
      throw invalid(field, `Unknown department ${codes.filter((c) => !known.has(c)).join(', ')}`);
    }
  }

  async replaceCategory(code: string, dto: CategoryDto): Promise<Category> {
    await this.category(code);
    if (dto.code !== undefined && dto.code !== code) throw invalid('code', 'code must match the path');
    await this.requireDepartments([dto.leadDepartmentCode], 'leadDepartmentCode');
    await this.requireDepartments(dto.assistDepartmentCodes, 'assistDepartmentCodes');
    if (dto.assistDepartmentCodes.includes(dto.leadDepartmentCode)) {
      throw invalid('assistDepartmentCodes', 'The lead department cannot also assist');
    }
    const { code: _ignored, ...fields } = dto;
    await this.db.getRepository(Category).save({ code, ...fields, sla: { ...dto.sla, ladder: { ...dto.sla.ladder } } });
    this.cache = undefined;
    return this.category(code);
  }
}
