import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../../auth/decorators';
import { ApiErrors } from '../../common/api-responses';
import { NoticesResponse } from './notices.responses';
import { NoticesService } from './notices.service';

/** 四议两公开: the public notices of a region, for the estate notice board and residents' phones (no token). */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@ApiErrors(404, 429, 503)
@Controller('public/regions')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @ApiOkResponse({ type: NoticesResponse })
  @Get(':code/notices')
  of(@Param('code') code: string) {
    return this.notices.of(code);
  }
}
