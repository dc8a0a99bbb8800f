import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors } from '../../common/api-responses';
import { UuidParam } from '../../common/uuid-param';
import { CreateMeetingDto, MeetingListQuery, MinutesDto } from './meetings.dto';
import { MeetingPage, MeetingResponse } from './meetings.responses';
import { MeetingsService } from './meetings.service';

@ApiTags('party')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @ApiCreatedResponse({ type: MeetingResponse })
  @ApiErrors(400, 403, 404)
  @Roles('neighbourhood', 'area', 'street', 'admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateMeetingDto) {
    return this.meetings.create(user, body);
  }

  @ApiCreatedResponse({ type: MeetingResponse })
  @ApiErrors(400, 403, 404, 409)
  @Roles('neighbourhood', 'area', 'street', 'admin')
  @HttpCode(201)
  @Post(':id/minutes')
  minutes(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: MinutesDto) {
    return this.meetings.recordMinutes(user, id, body);
  }

  @ApiOkResponse({ type: MeetingPage })
  @ApiErrors(400, 404)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: MeetingListQuery) {
    return this.meetings.list(user, q);
  }

  @ApiOkResponse({ type: MeetingResponse })
  @ApiErrors(400, 404)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.meetings.get(user, id);
  }
}
