import type { EntityManager } from 'typeorm';
import type { BeforeCommit } from '../../database/before-commit';
import { CaseCreatedEvent, SlaWarningEvent, type DomainEvent } from '../../events/domain-events';
import { OutboxRepository } from './outbox.repository';
import { WebhookOutbox } from './webhook-outbox';
import type { WebhookRegistry } from './webhook-registry';
import type { WebhookRow } from './webhook.repository';

const audience = { regionCodes: ['XH'], departmentCodes: [] };
const hook = (id: string, events: string[]): WebhookRow => ({
  id,
  url: 'https://x.example/h',
  events,
  secret: 's'.repeat(16),
  createdBy: null,
  createdAt: new Date(),
});

function outboxWith(hooks: WebhookRow[]) {
  const registry = { subscribers: (e: string) => hooks.filter((h) => h.events.includes(e)) } as unknown as WebhookRegistry;
  const query = jest.fn().mockResolvedValue([]);
  const outbox = new WebhookOutbox({} as BeforeCommit, registry, new OutboxRepository({} as never));
  return { record: (events: DomainEvent[]) => outbox.record({ query } as unknown as EntityManager, events), query };
}

const events = () => [
  new CaseCreatedEvent({ case: { id: 'c1' } } as never, audience),
  new SlaWarningEvent({ caseId: 'c1', code: 'X', stage: 'rung', dueAt: '' }, audience),
];

describe('WebhookOutbox', () => {
  it('runs no statement when nobody subscribes to the events raised', async () => {
    const none = outboxWith([]);
    await none.record(events());
    const others = outboxWith([hook('w1', ['task.updated'])]);
    await others.record(events());
    expect(none.query).not.toHaveBeenCalled();
    expect(others.query).not.toHaveBeenCalled();
  });

  it('writes one row per event × subscribed webhook in one statement, one id per event', async () => {
    const { record, query } = outboxWith([hook('w1', ['case.created', 'sla.warning']), hook('w2', ['case.created'])]);
    await record(events());
    expect(query).toHaveBeenCalledTimes(1);
    const [webhookIds, eventIds, names, bodies] = query.mock.calls[0][1] as string[][];
    expect(webhookIds).toEqual(['w1', 'w2', 'w1']);
    expect(names).toEqual(['case.created', 'case.created', 'sla.warning']);
    expect(eventIds[0]).toBe(eventIds[1]);
    expect(eventIds[2]).not.toBe(eventIds[0]);
    expect(JSON.parse(bodies[0])).toEqual({ id: eventIds[0], event: 'case.created', at: expect.any(String), data: { case: { id: 'c1' } } });
    expect(bodies[1]).toBe(bodies[0]);
  });
});
