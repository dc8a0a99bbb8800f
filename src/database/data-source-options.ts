import { Logger } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { User } from '../auth/user.entity';
import { Case } from '../cases/case.entity';
import { CaseEvent } from '../cases/case-event.entity';
import { Extension } from '../cases/extension.entity';
import { Rating } from '../cases/rating.entity';
import { Task } from '../cases/task.entity';
import { WorkCalendar } from '../catalog/calendar.entity';
import { Category } from '../catalog/category.entity';
import { Department } from '../catalog/department.entity';
import { Region } from '../jurisdiction/region.entity';
import { Deadline } from '../sla/deadline.entity';
import { Foundation1795417200000 } from './migrations/1795417200000-foundation';
import { CaseLifecycle1795420800000 } from './migrations/1795420800000-case-lifecycle';
import { CaseCodeSequence1795426200000 } from './migrations/1795426200000-case-code-sequence';
import { LiveFanout1795424400000 } from './migrations/1795424400000-live-fanout';
import { QueryIndexes1795428000000 } from './migrations/1795428000000-query-indexes';
import { AttachmentReferences1795429800000 } from './migrations/1795429800000-attachment-references';
import { Accounts1795431600000 } from './migrations/1795431600000-accounts';
import { ResidentIdempotency1795433400000 } from './migrations/1795433400000-resident-idempotency';
import { DuplicateSpotIndex1795435200000 } from './migrations/1795435200000-duplicate-spot-index';
import { StaffIdempotencyPartial1795437000000 } from './migrations/1795437000000-staff-idempotency-partial';
import { ResidentPhotos1795438800000 } from './migrations/1795438800000-resident-photos';
import { Callbacks1795440600000 } from './migrations/1795440600000-callbacks';
import { Evaluation1795442400000 } from './migrations/1795442400000-evaluation';
import { CaseSupervision1795443300000 } from './migrations/1795443300000-case-supervision';
import { TaskFacts1795444200000 } from './migrations/1795444200000-task-facts';
import { HotlineWorkOrders1795446000000 } from './migrations/1795446000000-hotline-work-orders';
import { PartyBuilding1795449000000 } from './migrations/1795449000000-party-building';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Listed explicitly (no globs) so one list serves ts-node (CLI), jest and dist/. */
export const ENTITIES = [Region, Department, Category, WorkCalendar, User, Attachment, Case, Task, CaseEvent, Extension, Rating, Deadline];
export const MIGRATIONS = [
  Foundation1795417200000,
  CaseLifecycle1795420800000,
  LiveFanout1795424400000,
  CaseCodeSequence1795426200000,
  QueryIndexes1795428000000,
  AttachmentReferences1795429800000,
  Accounts1795431600000,
  ResidentIdempotency1795433400000,
  DuplicateSpotIndex1795435200000,
  StaffIdempotencyPartial1795437000000,
  ResidentPhotos1795438800000,
  Callbacks1795440600000,
  Evaluation1795442400000,
  CaseSupervision1795443300000,
  TaskFacts1795444200000,
  HotlineWorkOrders1795446000000,
  PartyBuilding1795449000000,
];

/** A pool that cannot get a connection in this time answers with an error (→ 503), never hangs. */
export const CONNECT_TIMEOUT_MS = 5000;
const QUERY_TIMEOUT_MARGIN_MS = 2000;

/** pg connection settings shared by every pool of the service (TypeORM's and the live adapter's). */
export function pgConnectionSettings(statementTimeoutMs: number) {
  return {
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // statement_timeout is the server's, and cancels the statement. query_timeout is ours, a little
    // later: it answers when the server itself stopped answering (frozen, partitioned) — the pooled
    // connection then waits for its late reply, or for TCP keepalive to declare it dead.
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS } : {}),
  };
}

const poolLogger = new Logger('DatabasePool');
let lastPoolError = 0;

export function dataSourceOptions(url: string, poolSize = 20, statementTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false, // run by prepareDatabase() under an advisory lock
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize, application_name: 'grid-dispatch', ...pgConnectionSettings(statementTimeoutMs) },
    // An idle connection the server closed (restart, failover): the pool drops it and reconnects
    // on demand. One line per burst, not one per pooled connection.
    poolErrorHandler: (e: Error) => {
      if (Date.now() - lastPoolError > 10_000) poolLogger.warn(`idle connection lost: ${e.message}`);
      lastPoolError = Date.now();
    },
  };
}
