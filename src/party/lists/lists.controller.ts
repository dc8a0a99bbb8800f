import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors } from '../../common/api-responses';
import { UuidParam } from '../../common/uuid-param';
import { ClassesService } from './classes.service';
import { DemandsService } from './demands.service';
import { ClassesDto, CreateDemandDto, CreateResourceDto, DemandListQuery, ResourceListQuery } from './lists.dto';
import { ClassesResponse, DemandDetailResponse, DemandPage, ResourceDetailResponse, ResourcePage } from './lists.responses';
import { ResourcesService } from './resources.service';

/** 需求/资源清单 and the classes they are filed under. */
@ApiTags('party')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller()
export class ListsController {
  constructor(
    private readonly classes: ClassesService,
    private readonly demands: DemandsService,
    private readonly resources: ResourcesService,
  ) {}

  @ApiOkResponse({ type: ClassesResponse })
  @Get('party/classes')
  listClasses() {
    return this.classes.list();
  }

  @ApiOkResponse({ type: ClassesResponse })
  @ApiErrors(400, 403)
  @Roles('admin')
  @Put('party/classes')
  putClasses(@Body() body: ClassesDto) {
    return this.classes.replace(body.items);
  }

  @ApiCreatedResponse({ type: DemandDetailResponse })
  @ApiErrors(400, 403, 404)
  @Roles('neighbourhood', 'area', 'street')
  @Post('demands')
  createDemand(@CurrentUser() user: AuthUser, @Body() body: CreateDemandDto) {
    return this.demands.create(user, body);
  }

  @ApiOkResponse({ type: DemandPage })
  @ApiErrors(400, 404)
  @Get('demands')
  listDemands(@CurrentUser() user: AuthUser, @Query() q: DemandListQuery) {
    return this.demands.list(user, q);
  }

  @ApiOkResponse({ type: DemandDetailResponse })
  @ApiErrors(400, 404)
  @Get('demands/:id')
  demand(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.demands.get(user, id);
  }

  @ApiCreatedResponse({ type: ResourceDetailResponse })
  @ApiErrors(400, 403)
  @Roles('street', 'admin')
  @Post('resources')
  createResource(@CurrentUser() user: AuthUser, @Body() body: CreateResourceDto) {
    return this.resources.create(user, body);
  }

  @ApiOkResponse({ type: ResourcePage })
  @ApiErrors(400, 404)
  @Get('resources')
  listResources(@CurrentUser() user: AuthUser, @Query() q: ResourceListQuery) {
    return this.resources.list(user, q);
  }

  @ApiOkResponse({ type: ResourceDetailResponse })
  @ApiErrors(400, 404)
  @Get('resources/:id')
  resource(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.resources.get(user, id);
  }
}
