import { Global, Module } from '@nestjs/common';
import { BeforeCommit } from './before-commit';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({ providers: [UnitOfWork, BeforeCommit], exports: [UnitOfWork, BeforeCommit] })
export class DatabaseModule {}
