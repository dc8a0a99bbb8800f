import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
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
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly account: AccountService,
    private readonly audit: AuditRepository,
  ) {}

  @Get('auth/me')
  me(@CurrentUser() user: AuthUser) {
    return this.account.me(user);
  }

  /** 204; every token of the user ends, this one too: log in again with the new password. */
  @Post('auth/password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: PasswordChangeDto) {
    await this.account.changePassword(user, body.currentPassword, body.newPassword);
  }

  @Get('users')
  @Roles('admin', 'street')
  list(@CurrentUser() user: AuthUser, @Query() q: UserListQuery) {
    return this.users.list(user, q);
  }

  @Get('users/:id')
  @Roles('admin', 'street')
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.users.get(user, id);
  }

  @Post('users')
  @Roles('admin', 'street')
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserDto) {
    return this.users.create(user, { ...body, regionCode: body.regionCode ?? null, departmentCode: body.departmentCode ?? null });
  }

  @Patch('users/:id')
  @Roles('admin', 'street')
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() body: PatchUserDto) {
    return this.users.update(user, id, body);
  }

  @Get('audit')
  @Roles('admin')
  auditTrail(@Query() q: AuditQuery) {
    if (q.from && q.to && q.from > q.to) throw invalid('from', 'from must not be after to');
    return this.audit.list(q);
  }
}
