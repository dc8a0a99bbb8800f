import { Injectable, Logger } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '../events/domain-events';
import { BeforeCommit } from './before-commit';

/** A transaction, and the events its work raised, which leave only once it has committed. */
export interface Tx {
  em: EntityManager;
  publish(event: DomainEvent): void;
}

@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
    private readonly beforeCommit: BeforeCommit,
  ) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const raised: DomainEvent[] = [];
    // A connection that dies between two statements makes TypeORM release its query runner, and the
    // next statement fails with "query runner already released": we answer with the real cause.
    let lost: Error | undefined;
    const onLost = (e: Error) => (lost ??= e);
    let connection: EventEmitter | undefined;
    let result: T;
    try {
      result = await this.db.transaction(async (em) => {
        connection = (em.queryRunner as { databaseConnection?: EventEmitter } | undefined)?.databaseConnection;
        connection?.on('error', onLost);
        const done = await work({ em, publish: (e) => raised.push(e) });
        // The outbox: rows for the events raised, in this transaction (nothing without subscribers).
        await this.beforeCommit.run(em, raised);
        return done;
      });
    } catch (e) {
      throw lost ?? e;
    } finally {
      connection?.removeListener('error', onLost);
    }
    for (const event of raised) {
      try {
        this.events.emit(event.name, event);
      } catch (e) {
        // A listener's failure must not turn a committed change into an error response.
        this.logger.error(`listener of ${event.name} failed: ${(e as Error).stack}`);
      }
    }
    return result;
  }
}
