import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../channel/KeyedQueue.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { SenderShares } from './SenderShares.ts';

const message = (conversationKey: string, id: string) => ({ conversationKey, id });

function shares(maxPending: number, maxPerSender: number) {
  const lines: object[] = [];
  const logger: ChannelLogger = { info() {}, debug() {}, error() {}, warn: (details) => lines.push(details) };
  const clock = { now: 0 };
  return { lines, clock, shares: new SenderShares(new KeyedQueue(maxPending, undefined, maxPerSender), logger, 'whatsapp', () => clock.now) };
}

describe('SenderShares', () => {
  it('counts messages being recorded (admitted, not queued yet): deliveries arriving together cannot all slip past a share', () => {
    const { shares: s } = shares(100, 2);
    const first = s.admit([message('whatsapp:1:loop', 'a'), message('whatsapp:1:loop', 'b')]);
    expect(first.admitted).toHaveLength(2);
    // A second delivery before the first is recorded and queued: the sender's share is taken.
    expect(s.admit([message('whatsapp:1:loop', 'c')])).toMatchObject({ admitted: [], refused: 1, full: false });
    first.release();
    first.release(); // once only
    expect(s.admit([message('whatsapp:1:loop', 'c')]).admitted).toHaveLength(1);
  });

  it('admits the others of a mixed delivery, refuses the sender over their share whole, and refuses everything when the queue is full', () => {
    const { shares: s } = shares(3, 2);
    const mixed = s.admit([message('whatsapp:1:loop', 'a'), message('whatsapp:1:other', 'b'), message('whatsapp:1:loop', 'c'), message('whatsapp:1:loop', 'd')]);
    expect([mixed.admitted.map((m) => m.id), mixed.refused, mixed.full]).toEqual([['b'], 3, false]);
    const full = s.admit([message('whatsapp:1:third', 'e'), message('whatsapp:1:fourth', 'f'), message('whatsapp:1:fifth', 'g')]);
    expect([full.admitted, full.refused, full.full]).toEqual([[], 3, true]);
  });

  it('logs a sender over their share once a minute, by a digest that names nobody', () => {
    const { shares: s, lines, clock } = shares(100, 1);
    s.admit([message('whatsapp:1:22997000666', 'a')]);
    for (let i = 0; i < 5; i += 1) s.admit([message('whatsapp:1:22997000666', `b${i}`)]);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('22997000666');
    expect(lines[0]).toMatchObject({ channel: 'whatsapp', sender: expect.stringMatching(/^[0-9a-f]{12}$/), pending: 1, maxPerSender: 1 });
    // Keyed: not a digest anyone can match by hashing every number of the plan.
    const sender = (lines[0] as { sender: string }).sender;
    for (const text of ['whatsapp:1:22997000666', '22997000666']) expect(createHash('sha256').update(text).digest('hex')).not.toContain(sender);
    clock.now += 60_000;
    s.admit([message('whatsapp:1:22997000666', 'c')]);
    expect(lines).toHaveLength(2);
  });
});
