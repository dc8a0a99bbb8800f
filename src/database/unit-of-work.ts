import { Injectable, Logger } from '@nestjs/common';
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
    const result = await this.db.transaction((em) => work({ em, publish: (e) => raised.push(e) }));
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
