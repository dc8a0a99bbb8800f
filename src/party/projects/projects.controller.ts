import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors } from '../../common/api-responses';
import { invalid } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { CreateProjectDto, ProjectListQuery } from './projects.dto';
import { ProjectDetailResponse, ProjectPage } from './projects.responses';
import { ProjectsService } from './projects.service';

/** The 0-based number of a milestone: 400 naming `index` when not a number. */
function IndexParam() {
  return Param('index', new ParseIntPipe({ exceptionFactory: () => invalid('index', 'index must be a milestone number (0, 1, …)') }));
}

/** 项目清单: projects made of claimed demands (street, admin), their state machine and milestones. */
@ApiTags('party')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @ApiCreatedResponse({ type: ProjectDetailResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('street', 'admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateProjectDto) {
    return this.projects.create(user, body);
  }

  @ApiOkResponse({ type: ProjectPage })
  @ApiErrors(400, 404)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: ProjectListQuery) {
    return this.projects.list(user, q);
  }

  @ApiOkResponse({ type: ProjectDetailResponse })
  @ApiErrors(400, 404)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.projects.get(user, id);
  }

  @ApiOkResponse({ type: ProjectDetailResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('street', 'admin')
  @HttpCode(200)
  @Post(':id/start')
  start(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.projects.transition(user, id, 'start');
  }

  @ApiOkResponse({ type: ProjectDetailResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('street', 'admin')
  @HttpCode(200)
  @Post(':id/finish')
  finish(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.projects.transition(user, id, 'finish');
  }

  @ApiOkResponse({ type: ProjectDetailResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('street', 'admin')
  @HttpCode(200)
  @Post(':id/drop')
  drop(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.projects.transition(user, id, 'drop');
  }

  @ApiOkResponse({ type: ProjectDetailResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('street', 'admin')
  @HttpCode(200)
  @Post(':id/milestones/:index/complete')
  completeMilestone(@CurrentUser() user: AuthUser, @UuidParam() id: string, @IndexParam() index: number) {
    return this.projects.completeMilestone(user, id, index);
  }
}
