import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { LoginResponse } from './auth.responses';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import { AuthService, LoginLockedError } from './auth.service';
import { Public } from './decorators';

export class LoginDto {
  @IsString() @MinLength(1) @MaxLength(100) username: string;
  @IsString() @MinLength(1) @MaxLength(200) password: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Two limits: per client (ThrottlerGuard, PUBLIC_RATE_LIMIT) and per username (failures, in PostgreSQL). */
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 429, 503)
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.auth.login(body.username, body.password);
    } catch (e) {
      if (e instanceof LoginLockedError) res.setHeader('Retry-After', String(e.retryAfterS));
      throw e;
    }
  }
}
