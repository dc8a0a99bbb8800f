import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../events/domain-events';

/** Work that must commit with the change itself, given the events the change raised (the webhook outbox). */
export type BeforeCommitHook = (em: EntityManager, events: readonly DomainEvent[]) => Promise<void>;

/**
 * The hooks UnitOfWork runs at the end of every transaction that raised events, just before COMMIT:
 * what they write commits or rolls back with the change. A hook must be cheap when it has nothing
 * to do (no statement), since every intake batch passes through here.
 */
@Injectable()
export class BeforeCommit {
  private readonly hooks: BeforeCommitHook[] = [];

  register(hook: BeforeCommitHook): void {
    this.hooks.push(hook);
  }

  async run(em: EntityManager, events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const hook of this.hooks) await hook(em, events);
  }
}
