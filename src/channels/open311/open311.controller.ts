import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/decorators';
import type { KeyedRequest } from './open311-key.guard';
import { Open311RequestDto, Open311Query, Open311RequestsQuery } from './open311.dto';
import { Open311ErrorFilter } from './open311-error.filter';
import { formatOf, send } from './open311-format';
import { Open311IntakeService } from './open311-intake.service';
import { Open311KeyGuard } from './open311-key.guard';
import { Open311ReadsService } from './open311-reads.service';
import { Open311ServicesService } from './open311-services.service';
import { Open311ThrottlerGuard } from './open311-throttler.guard';
import {
  Open311CreatedResponse,
  Open311DiscoveryResponse,
  Open311ErrorBody,
  Open311RequestResponse,
  Open311ServiceDefinitionResponse,
  Open311ServiceResponse,
} from './open311.responses';

const WHEN: Record<number, string> = {
  400: 'Invalid request (a field, a date, outside every grid): one error per problem',
  403: 'Missing or invalid api_key',
  404: 'Unknown service, request, jurisdiction or format',
  429: 'Rate limited (see Retry-After)',
  503: 'The database is unreachable',
};

/** GeoReport v2's error documents, for the statuses given. */
const Open311Errors = (...statuses: (400 | 403 | 404 | 429 | 503)[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: WHEN[status], type: [Open311ErrorBody] })));

const Format = () => ApiParam({ name: 'format', enum: ['json', 'xml'] });

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) and its Service Discovery, for any
 * Open311 app: JSON or XML by the path's extension. No token: reads are public, a POST needs an API key.
 * Its errors are Open311's own documents (Open311ErrorFilter), never the API's error body.
 */
@ApiTags('open311')
@Public()
@UseGuards(Open311KeyGuard, Open311ThrottlerGuard)
@UseFilters(Open311ErrorFilter)
@ApiProduces('application/json', 'text/xml')
@Open311Errors(400, 404, 429, 503)
@Controller('open311')
export class Open311Controller {
  constructor(
    private readonly catalogue: Open311ServicesService,
    private readonly reads: Open311ReadsService,
    private readonly intake: Open311IntakeService,
  ) {}

  @ApiOkResponse({ type: Open311DiscoveryResponse })
  @Format()
  @Get('discovery.:format')
  async discovery(@Param('format') format: string, @Res() res: Response) {
    const f = formatOf(format);
    send(res, f, 'discovery', await this.catalogue.discovery());
  }

  @ApiOkResponse({ type: [Open311ServiceResponse] })
  @Format()
  @Get('v2/services.:format')
  async serviceList(@Param('format') format: string, @Query() q: Open311Query, @Res() res: Response) {
    const f = formatOf(format);
    this.catalogue.requireJurisdiction(q.jurisdiction_id);
    send(res, f, 'services', await this.catalogue.services());
  }

  @ApiOkResponse({ type: Open311ServiceDefinitionResponse })
  @Format()
  @Get('v2/services/:code.:format')
  async definition(@Param('code') code: string, @Param('format') format: string, @Query() q: Open311Query, @Res() res: Response) {
    const f = formatOf(format);
    this.catalogue.requireJurisdiction(q.jurisdiction_id);
    send(res, f, 'service_definition', await this.catalogue.definition(code));
  }

  /** `application/x-www-form-urlencoded` as the spec sends it (`attribute[code]=value` too), or JSON. */
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOkResponse({ type: [Open311CreatedResponse] })
  @Open311Errors(403)
  @Format()
  @HttpCode(200)
  @Post('v2/requests.:format')
  async create(@Param('format') format: string, @Body() body: Open311RequestDto, @Req() req: KeyedRequest, @Res() res: Response) {
    const f = formatOf(format);
    send(res, f, 'service_requests', await this.intake.submit(body, req.open311Key!));
  }

  @ApiOkResponse({ type: [Open311RequestResponse] })
  @Format()
  @Get('v2/requests.:format')
  async list(@Param('format') format: string, @Query() q: Open311RequestsQuery, @Res() res: Response) {
    const f = formatOf(format);
    send(res, f, 'service_requests', await this.reads.list(q));
  }

  @ApiOkResponse({ type: [Open311RequestResponse] })
  @Format()
  @Get('v2/requests/:id.:format')
  async one(@Param('id') id: string, @Param('format') format: string, @Query() q: Open311Query, @Res() res: Response) {
    const f = formatOf(format);
    send(res, f, 'service_requests', await this.reads.one(id, q.jurisdiction_id));
  }
}
