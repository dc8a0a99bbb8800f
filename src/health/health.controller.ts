import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthResponse } from './health.responses';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../auth/decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly typeorm: TypeOrmHealthIndicator) {}

  /** 200 `{ status: "ok", db: "up" }`; 503 when PostgreSQL does not answer within 1.5 s. */
  @Public()
  @ApiOkResponse({ type: HealthResponse, description: '`{ status: "ok", db: "up" }`' })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: '`{ status: "error", db: "down" }`: PostgreSQL did not answer' })
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const up = await Promise.resolve(this.typeorm.pingCheck('db').withTimeout(1500)).then(
      (r) => r.db.status === 'up',
      () => false,
    );
    res.status(up ? 200 : 503);
    return up ? { status: 'ok', db: 'up' } : { status: 'error', db: 'down' };
  }
}
