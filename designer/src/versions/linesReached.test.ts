import { describe, expect, it } from 'vitest';
import { diffFlows, type Flow } from '@griot/flows';
import type { Binding } from '../api/types.ts';
import { changesByChannel, linesReached } from './linesReached.ts';

const binding = (over: Partial<Binding> & { settings?: Record<string, unknown> }): Binding => ({
  id: 'b',
  channel: 'voice',
  address: '1919',
  flowId: 'f',
  environment: 'production',
  testers: [],
  ...over,
});

describe('the lines a version reaches', () => {
  const bindings = [
    binding({ id: 'voice', testers: [{ number: '+22990000001' }, { number: '+22990000002', version: 3 }] }),
    binding({ id: 'ussd', channel: 'ussd', address: '*919#' }),
    binding({ id: 'wa', channel: 'whatsapp', address: '100000000000001', settings: { inactivityMinutes: 45 } }),
    binding({ id: 'other', channel: 'whatsapp', address: '2', flowId: 'g' }),
    binding({ id: 'own', channel: 'voice', address: '1920', testers: [{ number: '+22990000003', addedBy: 'edith' } as never] }),
    binding({ id: 'stg', channel: 'webchat', address: 'demo', environment: 'staging' }),
  ];

  it('production: the flow’s production bindings, each with when it takes the version', () => {
    expect(linesReached(bindings, 'f', 'production')).toEqual([
      { bindingId: 'ussd', channel: 'ussd', address: '*919#', testers: null, takes: 'session' },
      { bindingId: 'voice', channel: 'voice', address: '1919', testers: null, takes: 'call' },
      { bindingId: 'own', channel: 'voice', address: '1920', testers: null, takes: 'call' },
      { bindingId: 'wa', channel: 'whatsapp', address: '100000000000001', testers: null, takes: 'conversation', inactivityMinutes: 45 },
    ]);
  });

  it('staging: staging bindings for everyone, and the test numbers routed to staging (not one pinned to a version, nor one pending)', () => {
    expect(linesReached(bindings, 'f', 'staging')).toEqual([
      { bindingId: 'voice', channel: 'voice', address: '1919', testers: 1, takes: 'call' },
      { bindingId: 'stg', channel: 'webchat', address: 'demo', testers: null, takes: 'conversation' },
    ]);
  });

  it('nothing bound: no line', () => {
    expect(linesReached(bindings, 'nobody', 'production')).toEqual([]);
  });
});

describe('what a version changes per channel', () => {
  const menu = {
    id: 'menu',
    type: 'message',
    label: 'Menu',
    position: { x: 0, y: 0 },
    prompt: { fr: { text: 'Tapez 1', variants: { ussd: { text: '1. PUK' }, buttons: { text: 'Choisissez' } } } },
  };
  const flow = (nodes: unknown[]): Flow => ({ id: 'f', name: 'F', locales: ['fr'], nodes, edges: [], variables: [], tests: [] }) as unknown as Flow;

  it('a changed USSD variant is the USSD’s alone; moving a block or renaming it changes nothing heard', () => {
    const after = structuredClone(menu);
    after.prompt.fr.variants.ussd.text = '1. Code PUK';
    after.position = { x: 10, y: 10 };
    after.label = 'Menu principal';
    const changes = changesByChannel(diffFlows(flow([menu]), flow([after])));
    expect(changes.ussd).toEqual({ own: 1, shared: 0 });
    expect(changes.voice).toEqual({ own: 0, shared: 0 });
    expect(changes.whatsapp).toEqual({ own: 0, shared: 0 });
  });

  it('a way-of-answering variant reaches the channels that answer so; the locale’s own text, every channel', () => {
    const after = structuredClone(menu);
    after.prompt.fr.variants.buttons.text = 'Que voulez-vous ?';
    after.prompt.fr.text = 'Tapez 1 ou 2';
    const changes = changesByChannel(diffFlows(flow([menu]), flow([after])));
    expect(changes.whatsapp).toEqual({ own: 1, shared: 1 });
    expect(changes.ussd).toEqual({ own: 0, shared: 1 });
    expect(changes.voice).toEqual({ own: 0, shared: 1 });
  });

  it('a variant added whole counts once for its channel', () => {
    const { variants: _added, ...text } = menu.prompt.fr;
    const before = { ...menu, prompt: { fr: text } };
    const changes = changesByChannel(diffFlows(flow([before]), flow([menu])));
    expect(changes.ussd).toEqual({ own: 1, shared: 0 });
    expect(changes.sms).toEqual({ own: 0, shared: 0 });
  });
});
