import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ApiErrors } from '../common/api-responses';
import { invalid } from '../common/domain-error';
import { decodeCsv, parseCsv } from './hotline-csv';
import { ImportResultResponse } from './hotline-import.responses';
import { HotlineImportService } from './hotline-import.service';

@ApiTags('channels')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('imports')
export class HotlineImportController {
  constructor(private readonly imports: HotlineImportService) {}

  /** 12345 work orders in bulk: a JSON array, or `text/csv` (UTF-8 or GB18030, or `charset=`) with a header row. */
  @ApiConsumes('application/json', 'text/csv')
  @ApiOkResponse({ type: ImportResultResponse })
  @ApiErrors(400, 403)
  @Roles('street', 'admin')
  @HttpCode(200)
  @Post('hotline')
  hotline(@CurrentUser() user: AuthUser, @Body() body: unknown, @Headers('content-type') type?: string) {
    if (Buffer.isBuffer(body)) {
      const charset = /charset=([^;]+)/i.exec(type ?? '')?.[1];
      let rows: Record<string, string>[];
      try {
        rows = parseCsv(decodeCsv(body, charset));
      } catch (e) {
        throw invalid('body', `not a CSV file: ${(e as Error).message}`);
      }
      return this.imports.import(user, rows);
    }
    if (!Array.isArray(body)) throw invalid('body', 'a JSON array of work orders, or text/csv');
    return this.imports.import(user, body);
  }
}
