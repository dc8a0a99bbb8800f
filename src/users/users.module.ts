import { Module } from '@nestjs/common';
import { AccountService } from './account.service';
import { AuditRepository } from './audit.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ controllers: [UsersController], providers: [UsersService, AccountService, AuditRepository] })
export class UsersModule {}
