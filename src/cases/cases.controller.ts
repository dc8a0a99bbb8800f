import { ApiExport } from '../exports/api-export';
import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { CaseDetailResponse, CasePage, CaseResponse, TimelinePage } from './case.responses';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { invalid } from '../common/domain-error';
import { PageQuery } from '../common/pagination';
import { actingUser } from './acting';
import { projectCase } from './case-projection';
import { CaseCommandsService } from './case-commands.service';
import { CallbackDto, CaseListQuery, DispatchDto, ReasonDto, ResolveDto, SuperviseDto, VerifyDto, WhistleDto } from './case-commands.dto';
import { CaseQueriesService } from './case-queries.service';
import { caseListTable } from './case-list.export';
import { exportFile } from '../exports/export-file';
import { isFileFormat } from '../exports/table';
import { CatalogService } from '../catalog/catalog.service';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { CreateCaseDto } from './intake/intake.dto';
import { IntakeService } from './intake/intake.service';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly commands: CaseCommandsService,
    private readonly queries: CaseQueriesService,
    private readonly catalog: CatalogService,
    private readonly jurisdiction: JurisdictionService,
  ) {}

  /** 一口受理. The same Idempotency-Key from the same user returns the first case (200). */
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiOkResponse({ type: CaseResponse, description: 'the case first made with this Idempotency-Key' })
  @ApiErrors(400, 403, 422)
  @Post()
  @Roles('inspector', 'street', 'admin')
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (key !== undefined && (key.length < 1 || key.length > 200)) throw invalid('Idempotency-Key', 'Idempotency-Key must be 1–200 characters');
    const result = await this.intake.report({ ...body, source: body.source ?? 'patrol' }, actingUser(user), user, key);
    res.status(result.created ? 201 : 200);
    return projectCase(result.case, user);
  }

  @ApiOkResponse({ type: CasePage })
  @ApiErrors(400, 403)
  @ApiExport()
  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() query: CaseListQuery) {
    if (!isFileFormat(query.format)) return this.queries.list(user, query);
    const [categories, regions] = [new Map((await this.catalog.categories()).map((c) => [c.code, c.name])), this.jurisdiction.regions];
    const names = { category: (code: string) => categories.get(code) ?? code, region: (code: string) => regions.get(code)?.name ?? code };
    return exportFile(query.format, caseListTable(this.queries.all(user, query), names));
  }

  /** The case with the first TIMELINE_EMBED_LIMIT timeline entries; `timelineNextCursor` continues them. */
  @ApiOkResponse({ type: CaseDetailResponse })
  @ApiErrors(400, 404)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.queries.get(user, id);
  }

  /** The whole timeline, oldest first, page by page: `{ items, nextCursor }`. */
  @ApiOkResponse({ type: TimelinePage })
  @ApiErrors(400, 404)
  @Get(':id/timeline')
  timeline(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Query() query: PageQuery) {
    return this.queries.timeline(user, id, query);
  }

  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post(':id/claim')
  @HttpCode(200)
  claim(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.commands.claim(user, id);
  }

  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ResolveDto) {
    return this.commands.resolve(user, id, body.note, body.photos);
  }

  /** 举手: one rung up; from the street, the category's departments are whistled. */
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post(':id/escalate')
  @HttpCode(200)
  escalate(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ReasonDto) {
    return this.commands.escalate(user, id, body.reason);
  }

  /** 吹哨: summon departments (the first leads). */
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  @Post(':id/whistle')
  @HttpCode(200)
  @Roles('area', 'street', 'admin')
  whistle(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: WhistleDto) {
    return this.commands.whistle(user, id, body.departmentCodes, body.reason);
  }

  /** 一表派单: the street puts the case at any rung, or on departments. */
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409, 422)
  @Post(':id/dispatch')
  @HttpCode(200)
  @Roles('street', 'admin')
  dispatch(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: DispatchDto) {
    return this.commands.dispatch(user, id, body.rung, body.departmentCodes, body.note);
  }

  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('street', 'admin')
  cancel(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ReasonDto) {
    return this.commands.cancel(user, id, body.reason);
  }

  /** 核查: passed → closed; not passed → rework at the same holder. */
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post(':id/verify')
  @HttpCode(200)
  @Roles('inspector', 'street', 'admin')
  verify(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: VerifyDto) {
    return this.commands.verify(user, id, body.passed, body.note, body.photos);
  }

  /** 督办: press the case's handlers (on the timeline, live event case.supervised). */
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post(':id/supervise')
  @Roles('area', 'street', 'admin')
  supervise(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: SuperviseDto) {
    return this.commands.supervise(user, id, body.note, body.dueIn);
  }

  /** 回访: the street calls the reporter back; a reached answer with a satisfaction counts as the closure's rating. */
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post(':id/callback')
  @Roles('street', 'admin')
  callback(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: CallbackDto) {
    return this.commands.callback(user, id, body);
  }
}
