import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { AuditPage, UserPage, UserResponse } from './user.responses';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { invalid } from '../common/domain-error';
import { UuidParam } from '../common/uuid-param';
import { AccountService } from './account.service';
import { AuditRepository } from './audit.repository';
import { AuditQuery, CreateUserDto, PasswordChangeDto, PatchUserDto, UserListQuery } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiErrors(401, 503)
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly account: AccountService,
    private readonly audit: AuditRepository,
  ) {}

  @ApiOkResponse({ type: UserResponse })
  @Get('auth/me')
  me(@CurrentUser() user: AuthUser) {
    return this.account.me(user);
  }

  /** 204; every token of the user ends, this one too: log in again with the new password. */
  @ApiNoContentResponse({ description: 'changed; every token of the user has ended' })
  @ApiErrors(400)
  @Post('auth/password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: PasswordChangeDto) {
    await this.account.changePassword(user, body.currentPassword, body.newPassword);
  }

  @ApiOkResponse({ type: UserPage })
  @ApiErrors(400, 403)
  @Get('users')
  @Roles('admin', 'street')
  list(@CurrentUser() user: AuthUser, @Query() q: UserListQuery) {
    return this.users.list(user, q);
  }

  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 403, 404)
  @Get('users/:id')
  @Roles('admin', 'street')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.users.get(user, id);
  }

  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(400, 403, 409)
  @Post('users')
  @Roles('admin', 'street')
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserDto) {
    return this.users.create(user, { ...body, regionCode: body.regionCode ?? null, departmentCode: body.departmentCode ?? null });
  }

  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 403, 404, 409)
  @Patch('users/:id')
  @Roles('admin', 'street')
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: PatchUserDto) {
    return this.users.update(user, id, body);
  }

  @ApiOkResponse({ type: AuditPage })
  @ApiErrors(400, 403)
  @Get('audit')
  @Roles('admin')
  auditTrail(@Query() q: AuditQuery) {
    if (q.from && q.to && q.from > q.to) throw invalid('from', 'from must not be after to');
    return this.audit.list(q);
  }
}
