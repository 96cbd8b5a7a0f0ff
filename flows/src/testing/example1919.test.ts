import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../lint/parseFlow.ts';
import type { Channel } from '../schema/common.ts';
import { createSession } from '../interpreter/session.ts';
import { step } from '../interpreter/step.ts';
import type { Effect, FlowEvent, HandoffEffect, Session } from '../interpreter/types.ts';
import { channelCapabilities } from '../channels/channelCapabilities.ts';
import { renderScreens } from '../channels/renderScreens.ts';
import { renderReplies } from '../channels/renderReplies.ts';
import type { ChoiceReply } from '../channels/replies.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { runTests } from './runTests.ts';

/** What a subscriber meets on the example flow `npm start` seeds, on the channels it is bound to. */
const parsed = parseFlow(JSON.parse(readFileSync(new URL('../../examples/1919-selfcare.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error('1919 flow does not parse');
const flow = parsed.flow;

const subscriber = (segment: string): FlowEvent => ({
  type: 'webhook',
  outcome: 'response',
  status: 200,
  body: { segment, puk: '12345678', balance: { airtime: 1250, data: '850 Mo' }, momo: { balance: 23500, transactions: [] } },
});

/** A contact on `channel`: each turn's effects, look-ups answered with a subscriber record. */
function contact(channel: Channel, knownLocale: string | undefined, segment = 'regular') {
  const caller = { number: '+2290197000001', ...(knownLocale ? { knownLocale } : {}) };
  let session: Session = createSession(flow, { channel, caller, flowVersion: 1 });
  const deliver = (event: FlowEvent): Effect[] => {
    const effects: Effect[] = [];
    let next: FlowEvent | undefined = event;
    while (next) {
      const result = step(flow, session, next);
      session = result.session;
      effects.push(...result.effects);
      next = result.effects.some((e) => e.type === 'webhook') ? subscriber(segment) : undefined;
    }
    return effects;
  };
  return { start: () => deliver({ type: 'start' }), send: deliver };
}

const screen = (effects: Effect[]) => renderScreens(effects, { capabilities: channelCapabilities.ussd, locale: 'fr' }).pages;
const whatsapp = (effects: Effect[]) => renderReplies(effects, { capabilities: channelCapabilities.whatsapp }).replies;
const choiceOf = (effects: Effect[]) => whatsapp(effects).find((r): r is ChoiceReply => r.type === 'choice');

describe('the 1919 example flow, as subscribers see it', () => {
  it('passes its own test cases (run on promote)', () => {
    const report = runTests(flow);
    expect(report.cases.filter((c) => !c.passed).map((c) => `${c.name}: ${c.failures.join('; ')}`)).toEqual([]);
  });

  it('has no menu longer than a USSD screen and no option too long for Messenger quick replies', () => {
    const issues = lintFlow(flow, { boundChannels: ['voice', 'ussd', 'whatsapp'] });
    expect(issues.filter((i) => i.code === 'prompt.tooLongForChannel' || i.code === 'menu.messengerLimits')).toEqual([]);
  });

  it('on *919#, shows the main menu question and its four options on the first screen', () => {
    const pages = screen(contact('ussd', 'fr').start());
    expect(pages).toHaveLength(1);
    expect(pages[0]?.screen.length).toBeLessThanOrEqual(182);
    expect(pages[0]?.screen).toMatch(/^Bienvenue sur le 1919, le service client de Griot Telecom\.\n\nChoisissez un service :\n\n1\. Code PUK\n2\. Solde\n3\. Mobile Money\n4\. Un conseiller$/);
    expect(pages[0]?.screen).not.toContain('00');
  });

  it('on WhatsApp, asks for the language without keypad wording above the buttons', () => {
    const choice = choiceOf(contact('whatsapp', undefined).start());
    expect(choice?.body).not.toMatch(/tapez|press/i);
    expect(choice?.body).toContain('Choisissez votre langue.');
    expect(choice?.body).toContain('Choose your language.');
    // The main menu above its list says no numbers either.
    const menu = choiceOf(contact('whatsapp', 'fr').start());
    expect(menu?.body).toMatch(/\n\nChoisissez un service :$/);
    expect(menu?.options.map((o) => o.label)).toEqual(['Code PUK', 'Solde', 'Mobile Money', 'Un conseiller']);
  });

  it('numbers the satisfaction scores once, on every channel', () => {
    const toSurvey = (channel: Channel) => {
      const c = contact(channel, 'fr');
      c.start();
      c.send({ type: 'choice', option: 'balance' });
      return c.send({ type: 'choice', option: 'end' });
    };
    const ussd = screen(toSurvey('ussd'));
    expect(ussd).toHaveLength(1);
    expect(ussd[0]?.screen).toMatch(/quelle note donnez-vous à ce service \?\n\n1\. Très insatisfait\n2\. Insatisfait\n3\. Moyen\n4\. Satisfait\n5\. Très satisfait$/);
    const sms = renderReplies(toSurvey('sms'), { capabilities: channelCapabilities.sms })
      .replies.map((r) => (r.type === 'text' ? r.text : ''))
      .join('\n');
    expect(sms).toContain('1. Très insatisfait\n');
    expect(sms).not.toMatch(/\d\. \d/);
    const list = choiceOf(toSurvey('whatsapp'));
    expect(list?.options.map((o) => o.label)).toEqual(['Très insatisfait', 'Insatisfait', 'Moyen', 'Satisfait', 'Très satisfait']);
    const voice = toSurvey('voice').find((e) => e.type === 'ask');
    expect(voice && 'options' in voice ? voice.options?.map((o) => `${o.key} ${o.label}`) : []).toContain('1 Très insatisfait');
  });

  it('on *919#, closes the session for an agent with a screen that does not ask to hold: the agent calls back', () => {
    for (const [segment, locale] of [
      ['regular', 'fr'],
      ['vip', 'fr'],
      ['regular', 'en'],
    ] as const) {
      const c = contact('ussd', locale, segment);
      c.start();
      const turn = c.send({ type: 'choice', option: 'agent' });
      expect(turn.some((e) => e.type === 'handoff')).toBe(true);
      const pages = renderScreens(turn, { capabilities: channelCapabilities.ussd, locale, closing: 'agent' }).pages;
      expect(pages).toHaveLength(1);
      expect(pages[0]?.screen).toMatch(
        locale === 'fr' ? /conseiller\.\n\nUn conseiller vous rappellera sur ce numéro dès que possible\.$/ : /agent\.\n\nAn agent will call you back on this number as soon as possible\.$/,
      );
      expect(pages[0]?.screen).not.toMatch(/patienter|hold/i);
    }
  });

  it("gives the agent the contact's reason in the caller's language", () => {
    const reasonFor = (locale: string) => {
      const c = contact('whatsapp', locale, 'vip');
      c.start();
      return c.send({ type: 'choice', option: 'agent' }).find((e): e is HandoffEffect => e.type === 'handoff')?.reason;
    };
    expect(reasonFor('en')).toBe('Assistance request');
    expect(reasonFor('fr')).toBe("Demande d'assistance");
  });

  it('gives the agent the service the caller asked for when that brought them to an agent', () => {
    // The subscriber system does not answer a PUK request; the caller then asks for an agent, who reads "Code PUK".
    let session: Session = createSession(flow, { channel: 'whatsapp', caller: { number: '+2290197000001', knownLocale: 'fr' }, flowVersion: 1 });
    const send = (event: FlowEvent): Effect[] => {
      const result = step(flow, session, event);
      session = result.session;
      return result.effects;
    };
    send({ type: 'start' });
    send({ type: 'choice', option: 'puk' });
    send({ type: 'webhook', outcome: 'timeout' } as FlowEvent);
    const handoff = send({ type: 'choice', option: 'agent' }).find((e): e is HandoffEffect => e.type === 'handoff');
    expect(handoff?.reason).toBe('Code PUK');
    expect(handoff?.context.variables).toMatchObject({ service: 'puk' });
  });
});
