import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiErrors, ListOf } from '../../common/api-responses';
import { UuidParam } from '../../common/uuid-param';
import { ApiKeyResponse, CreatedApiKeyResponse } from './api-key.responses';
import { CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

const ApiKeyList = ListOf(ApiKeyResponse);

/** API keys for Open311 apps (admin). A revoked key is refused from the next request on, on every instance. */
@ApiTags('channels')
@ApiBearerAuth()
@ApiErrors(401, 403, 503)
@Roles('admin')
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiErrors(400)
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateApiKeyDto) {
    return this.keys.create(user, body.name.trim());
  }

  @ApiOkResponse({ type: ApiKeyList })
  @Get()
  list() {
    return this.keys.list();
  }

  @ApiNoContentResponse({ description: 'revoked' })
  @ApiErrors(400, 404)
  @HttpCode(204)
  @Delete(':id')
  async revoke(@UuidParam() id: string) {
    await this.keys.revoke(id);
  }
}
