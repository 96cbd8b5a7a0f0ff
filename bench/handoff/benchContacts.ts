import type { HandoffEffect, Session } from '@griot/flows';
import type { SessionRecord } from '../../runtime/src/store/types.ts';

/**
 * The i-th handed-over session of the inbox benchmarks: three queues, every tenth a VIP
 * (priority 1), voice and WhatsApp alternating, each with its own caller number.
 */
export function handoffOf(i: number): { record: SessionRecord; session: Session; effect: HandoffEffect } {
  const number = `+22901970${String(10000 + i).slice(-5)}`;
  const queue = `support-${['fr', 'en', 'fon'][i % 3]}`;
  const session = {
    v: 1,
    flowId: 'bench',
    flowVersion: 1,
    channel: i % 2 ? 'whatsapp' : 'voice',
    locale: 'fr',
    caller: { number },
    vars: {},
    wait: null,
    path: [],
    status: 'handoff',
    turns: 3,
  } as Session;
  const now = new Date().toISOString();
  const record: SessionRecord = { key: `bench:${i}`, session, bindingId: null, environment: 'production', preview: false, createdAt: now, updatedAt: now, expiresAt: now };
  const effect: HandoffEffect = {
    type: 'handoff',
    node: 'handoff',
    queue,
    priority: i % 10 === 0 ? 1 : 999,
    reason: 'Demande d’assistance',
    context: {
      callerNumber: number,
      locale: 'fr',
      channel: session.channel,
      reason: 'Demande d’assistance',
      flowId: 'bench',
      flowVersion: 1,
      path: ['menu', 'handoff'],
      variables: { segment: i % 10 === 0 ? 'vip' : 'regular' },
    },
  };
  return { record, session, effect };
}
