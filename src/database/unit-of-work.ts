import { Injectable, Logger } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '../events/domain-events';

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
      result = await this.db.transaction((em) => {
        connection = (em.queryRunner as { databaseConnection?: EventEmitter } | undefined)?.databaseConnection;
        connection?.on('error', onLost);
        return work({ em, publish: (e) => raised.push(e) });
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
