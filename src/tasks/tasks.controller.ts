import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { TaskResponse } from '../cases/case.responses';
import { ExtensionDecisionResponse, ExtensionResponse, TaskPage } from './task.responses';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { IsIsoDuration } from '../common/is-duration';
import { PageQuery } from '../common/pagination';
import { Photos, ReasonDto } from '../cases/case-commands.dto';
import { TASK_STATUSES, type TaskStatus } from '../cases/domain/case-types';
import { TaskCommandsService } from './task-commands.service';
import { TaskQueriesService } from './task-queries.service';

export class TaskListQuery extends PageQuery {
  @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
}

export class CompleteDto {
  @IsString() @Length(1, 2000) note: string;
  @Photos() photos?: string[];
}

export class ExtensionDto {
  @IsIsoDuration() duration: string;
  @IsString() @Length(1, 2000) reason: string;
}

export class DecisionDto {
  @IsBoolean() approved: boolean;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller()
export class TasksController {
  constructor(
    private readonly commands: TaskCommandsService,
    private readonly queries: TaskQueriesService,
  ) {}

  @ApiOkResponse({ type: TaskPage })
  @ApiErrors(400)
  @Get('tasks')
  list(@CurrentUser() user: AuthUser, @Query() q: TaskListQuery) {
    return this.queries.list(user, q);
  }

  /** 报到 / 签收: exactly one of any number of racing claims wins; the rest get 409. */
  @ApiOkResponse({ type: TaskResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post('tasks/:id/claim')
  @HttpCode(200)
  @Roles('liaison', 'admin')
  claim(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.commands.claim(user, id);
  }

  @ApiOkResponse({ type: TaskResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post('tasks/:id/complete')
  @HttpCode(200)
  @Roles('liaison', 'admin')
  complete(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: CompleteDto) {
    return this.commands.complete(user, id, body.note, body.photos);
  }

  /** 退单: "not ours". */
  @ApiOkResponse({ type: TaskResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post('tasks/:id/return')
  @HttpCode(200)
  @Roles('liaison', 'admin')
  return(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ReasonDto) {
    return this.commands.return(user, id, body.reason);
  }

  /** 延期: ask the street for more time. */
  @ApiCreatedResponse({ type: ExtensionResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post('tasks/:id/extension')
  @Roles('liaison', 'admin')
  requestExtension(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: ExtensionDto) {
    return this.commands.requestExtension(user, id, body.duration, body.reason);
  }

  @ApiOkResponse({ type: ExtensionDecisionResponse })
  @ApiErrors(400, 403, 404, 409)
  @Post('extensions/:id/decide')
  @HttpCode(200)
  @Roles('street', 'admin')
  decide(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: DecisionDto) {
    return this.commands.decideExtension(user, id, body.approved, body.note);
  }
}
