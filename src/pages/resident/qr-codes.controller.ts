import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { Response } from 'express';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { canSeeRegion, scopeOf } from '../../auth/visibility';
import { ApiErrors } from '../../common/api-responses';
import { invalid, notFound } from '../../common/domain-error';
import type { AppConfig } from '../../config/app-config';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { qrSheet, qrTile, reportUrl, SHEET_CSP } from './qr-codes';

export class QrQuery {
  /** On a street: a printable sheet of all its grids' codes. */
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() all?: boolean;
}

/** Printable QR codes for the notice boards (问题意见征集): each opens `/r?grid=<code>`. */
@ApiTags('reference data')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('regions')
export class QrCodesController {
  constructor(
    private readonly jurisdiction: JurisdictionService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @ApiOkResponse({
    description: "a grid's code as SVG; with `all=true` on a street, an HTML sheet of all its grids' codes",
    content: { 'image/svg+xml': { schema: { type: 'string' } }, 'text/html': { schema: { type: 'string' } } },
  })
  @ApiErrors(400, 403, 404)
  @Get(':code/qr.svg')
  @Roles('street', 'admin')
  async qr(@CurrentUser() user: AuthUser, @Param('code') code: string, @Query() q: QrQuery, @Res() res: Response) {
    const tree = this.jurisdiction.regions;
    const region = tree.get(code);
    // Outside the caller's street reads as unknown: codes of other streets are not confirmed.
    if (!region || !canSeeRegion(scopeOf(user, tree), code, tree)) throw notFound(`Region ${code}`);
    const base = this.config.get('publicBaseUrl', { infer: true });
    if (region.level === 'grid') {
      res
        .type('image/svg+xml')
        .set('Cache-Control', 'no-cache')
        .send(await qrTile(reportUrl(base, code), region.name, code));
      return;
    }
    if (region.level !== 'street' || !q.all) throw invalid('code', `${code} is not a grid; ask a street with ?all=true for a sheet of its grids`);
    const grids = tree
      .all()
      .filter((r) => r.level === 'grid' && tree.isWithin(r.code, code))
      .sort((a, b) => a.code.localeCompare(b.code));
    const tiles = await Promise.all(grids.map((g) => qrTile(reportUrl(base, g.code), g.name, g.code)));
    res.type('html').set({ 'Content-Security-Policy': SHEET_CSP, 'Cache-Control': 'no-cache' }).send(qrSheet(region.name, tiles));
  }
}
