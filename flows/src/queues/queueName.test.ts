import { describe, expect, it } from 'vitest';
import { HandoffNode } from '../nodes/handoff/schema.ts';
import { isQueueName, QueueName } from './queueName.ts';

describe('queue names', () => {
  it('takes 1 to 200 characters without control characters, trimmed', () => {
    expect(QueueName.parse('  support-fr ')).toBe('support-fr');
    expect(isQueueName('Assistance – Parakou')).toBe(true);
    expect(isQueueName('q'.repeat(200))).toBe(true);
    for (const bad of ['', '  ', 'q'.repeat(201), 'support\nfr', 'support\tfr', 'a\u0000', 'a\u009b']) expect(isQueueName(bad), JSON.stringify(bad)).toBe(false);
  });

  it('is the rule of a handoff node’s queue (a template: kept as typed)', () => {
    const node = { id: 'h', type: 'handoff', position: { x: 0, y: 0 } };
    expect(HandoffNode.safeParse({ ...node, queue: 'support-{{caller.locale}}' }).success).toBe(true);
    expect(HandoffNode.safeParse({ ...node, queue: 'support\nfr' }).success).toBe(false);
    expect(HandoffNode.safeParse({ ...node, queue: 'q'.repeat(201) }).success).toBe(false);
  });
});
