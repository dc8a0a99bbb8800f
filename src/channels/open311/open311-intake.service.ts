import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RESIDENT, type Acting } from '../../cases/acting';
import { IntakeService } from '../../cases/intake/intake.service';
import { CaseRepository } from '../../cases/persistence/case.repository';
import { invalid } from '../../common/domain-error';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import type { Open311RequestDto } from './open311.dto';
import { Open311ServicesService } from './open311-services.service';
import { reporterName } from './reporter-name';

/**
 * POST requests: an Open311 app's report is a resident's report (`source: open311`) through the one
 * intake — placed in its grid, routed, merged into an open case of the same problem nearby, under SLA
 * and with its events, as any other. The reporter's name, phone and email go where every reporter's
 * go, shown only as API.md › Personal data allows.
 */
@Injectable()
export class Open311IntakeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly intake: IntakeService,
    private readonly services: Open311ServicesService,
    private readonly jurisdiction: JurisdictionService,
    private readonly cases: CaseRepository,
  ) {}

  async submit(dto: Open311RequestDto, key: { id: string; name: string }) {
    this.services.requireJurisdiction(dto.jurisdiction_id);
    const category = await this.services.category(dto.service_code);
    if ((dto.lat === undefined) !== (dto.long === undefined)) throw invalid(dto.lat === undefined ? 'lat' : 'long', 'lat and long go together');
    if (dto.lat === undefined && dto.address_id === undefined) throw invalid('lat', 'lat and long, or address_id (a grid code), are required');
    if (dto.address_id !== undefined && this.jurisdiction.regions.get(dto.address_id)?.level !== 'grid') {
      throw invalid('address_id', `address_id ${dto.address_id} is not a grid code`);
    }
    const name = reporterName(dto.first_name, dto.last_name);
    const reporter = name || dto.phone || dto.email ? { name, phone: dto.phone, email: dto.email } : undefined;
    // The timeline says which app it came by (the key's name), as the hotline's cases say which operator.
    const acting: Acting = { ...RESIDENT, name: `open311:${key.name}` };
    const { case: c } = await this.intake.report(
      {
        categoryCode: category.code,
        description: dto.description?.trim() || category.name,
        location: dto.lat !== undefined && dto.long !== undefined ? { lat: dto.lat, lng: dto.long } : undefined,
        gridCode: dto.address_id,
        address: dto.address_string,
        source: 'open311',
        reporter,
      },
      acting,
    );
    const master = c.duplicateOf ? (await this.cases.byIds(this.db.manager, [c.duplicateOf]))[0] : undefined;
    const holder = this.jurisdiction.regions.get(c.holderRegionCode)?.name ?? c.holderRegionCode;
    return [
      {
        service_request_id: c.code,
        service_notice: master
          ? `已受理：与 ${master.code} 为同一问题，合并处理`
          : c.rung === 'department'
            ? `已受理，已派职能部门处置`
            : `已受理，由${holder}处置`,
        account_id: dto.account_id ?? null,
      },
    ];
  }
}
