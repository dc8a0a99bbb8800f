import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CatalogService } from '../../catalog/catalog.service';
import type { Category } from '../../catalog/category.entity';
import { DomainError } from '../../common/domain-error';
import type { AppConfig } from '../../config/app-config';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { Open311Error } from './open311-errors';
import type { Names } from './open311-request.view';
import { w3cDateTime } from './w3c-dates';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/**
 * GeoReport v2's catalogue side: service discovery, the service list (one service per category of the
 * responsibility list) and service definitions, with the names reads need. One jurisdiction: the
 * district, named by its region code.
 */
@Injectable()
export class Open311ServicesService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly jurisdiction: JurisdictionService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** A jurisdiction_id other than the district's code is one this endpoint does not serve: 404. */
  requireJurisdiction(id: string | undefined): void {
    const district = this.jurisdiction.regions.root().code;
    if (id !== undefined && id !== district)
      throw new Open311Error(404, `jurisdiction_id ${id.slice(0, 100)} not found; this endpoint serves ${district}`);
  }

  async discovery() {
    const changeset = await this.changeset();
    return {
      changeset,
      contact: `${this.jurisdiction.regions.root().name}网格化管理中心 (grid management centre); see docs/integrations.md`,
      key_service: 'API keys are issued by the district’s administrators (POST /api/admin/api-keys); reading needs no key',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${this.config.get('publicBaseUrl', { infer: true })}/api/open311/v2`,
          changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  async services() {
    const [categories, departments] = await Promise.all([this.catalog.categories(), this.departmentNames()]);
    return categories.map((c) => service(c, departments));
  }

  /** 404 for a code that is no category. */
  async definition(code: string) {
    await this.category(code);
    return { service_code: code, attributes: [] };
  }

  async category(code: string): Promise<Category> {
    return this.catalog.category(code).catch((e) => {
      throw e instanceof DomainError && e.kind === 'not_found' ? new Open311Error(404, `service_code ${code.slice(0, 16)} not found`) : e;
    });
  }

  /** The names a read shows, from reference data (cached by the catalogue; the region tree is in memory). */
  async names(): Promise<Names> {
    const [categories, departments, calendar] = await Promise.all([this.catalog.categories(), this.departmentNames(), this.catalog.calendar()]);
    const byCode = new Map(categories.map((c) => [c.code, c.name]));
    const regions = this.jurisdiction.regions;
    return {
      category: (code) => byCode.get(code) ?? code,
      department: (code) => departments.get(code) ?? code,
      region: (code) => regions.get(code)?.name ?? code,
      place: (grid) =>
        regions
          .lineage(grid)
          .map((r) => r.name)
          .join(', '),
      timeZone: calendar.timezone,
    };
  }

  private async departmentNames(): Promise<Map<string, string>> {
    return new Map((await this.catalog.departments()).map((d) => [d.code, d.name]));
  }

  /** The last change of the service list: its newest category. */
  private async changeset(): Promise<string> {
    const [categories, calendar] = await Promise.all([this.catalog.categories(), this.catalog.calendar()]);
    const newest = Math.max(0, ...categories.map((c) => new Date(c.updatedAt).getTime()));
    return w3cDateTime(new Date(newest), calendar.timezone);
  }
}

function service(c: Category, departments: Map<string, string>) {
  const lead = departments.get(c.leadDepartmentCode) ?? c.leadDepartmentCode;
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.class} · ${c.name}（牵头部门：${lead}）`,
    metadata: false,
    type: 'realtime',
    keywords: [c.name, c.class, lead].join(', '),
    group: c.class,
  };
}
