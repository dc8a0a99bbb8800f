import { ApiExport } from '../exports/api-export';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ApiErrors } from '../common/api-responses';
import { IndicatorsService } from '../stats/indicators.service';
import { parsePeriod } from './domain/period';
import { IndicatorsQuery, PublishQuery, SchemeDto, ScorecardsQuery, ScoresDto } from './evaluation.dto';
import { IndicatorsResponse, SchemeBody, SchemesResponse, ScorecardsResponse, ScoresResponse } from './evaluation.responses';
import { indicatorItem } from './indicators.view';
import { exportFile } from '../exports/export-file';
import { isFileFormat } from '../exports/table';
import { indicatorsTable, scorecardsTable } from './evaluation.export';
import { SchemesService } from './schemes.service';
import { ScorecardsService } from './scorecards.service';

@ApiTags('evaluation')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('evaluation')
export class EvaluationController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly schemes: SchemesService,
    private readonly scorecards: ScorecardsService,
  ) {}

  @ApiOkResponse({ type: IndicatorsResponse })
  @ApiErrors(400, 403)
  @ApiExport()
  @Get('indicators')
  async indicatorsOf(@CurrentUser() user: AuthUser, @Query() q: IndicatorsQuery) {
    const period = parsePeriod(q.period);
    const items = (await this.indicators.of(user, q.groupBy, period.from, period.to)).map(indicatorItem);
    if (isFileFormat(q.format)) return exportFile(q.format, indicatorsTable(period.code, q.groupBy, items));
    return { period: period.code, groupBy: q.groupBy, from: period.from.toISOString(), to: period.to.toISOString(), items };
  }

  @ApiOkResponse({ type: SchemesResponse })
  @Get('schemes')
  list() {
    return this.schemes.list();
  }

  @ApiOkResponse({ type: SchemeBody })
  @ApiErrors(400, 403)
  @Roles('admin')
  @Put('schemes/:code')
  put(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: SchemeDto) {
    return this.schemes.put(user, code, body);
  }

  @ApiOkResponse({ type: ScoresResponse })
  @ApiErrors(400, 403, 409)
  @Roles('street', 'admin')
  @Put('scores/:period')
  scores(@CurrentUser() user: AuthUser, @Param('period') period: string, @Body() body: ScoresDto) {
    return this.scorecards.saveScores(user, period, body);
  }

  @ApiOkResponse({ type: ScorecardsResponse })
  @ApiErrors(400, 403, 404)
  @ApiExport()
  @Get('scorecards')
  async cards(@CurrentUser() user: AuthUser, @Query() q: ScorecardsQuery) {
    const cards = await this.scorecards.cards(user, q.scheme, q.period);
    if (!isFileFormat(q.format)) return cards;
    return exportFile(q.format, scorecardsTable(cards.scheme, cards.period, cards.published, cards.items));
  }

  @ApiCreatedResponse({ type: ScorecardsResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('street', 'admin')
  @HttpCode(201)
  @Post('scorecards/:period/publish')
  publish(@CurrentUser() user: AuthUser, @Param('period') period: string, @Query() q: PublishQuery) {
    return this.scorecards.publish(user, period, q.scheme);
  }
}
