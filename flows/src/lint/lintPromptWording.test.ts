import { describe, expect, it } from 'vitest';
import { lintFlow } from './lintFlow.ts';
import { lintPromptWording } from './lintPromptWording.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { channelCapabilities } from '../channels/channelCapabilities.ts';
import type { LintIssue } from './types.ts';
import { step } from '../interpreter/step.ts';
import { createSession } from '../interpreter/session.ts';
import { renderReplies } from '../channels/renderReplies.ts';

type Versions = Record<string, Record<string, unknown>>;

/** The sample flow with the menu's French prompt (and more) changed. */
function sampleWith(change: (nodes: Record<string, { prompt?: Versions; callbackOfferPrompt?: Versions }>) => void): Flow {
  const input: FlowInput = sampleFlowInput();
  change(Object.fromEntries(input.nodes.map((n) => [n.id, n as never])));
  return Flow.parse(input);
}
/** Wording issues, leaving out the variants French has and the other languages lack (tested on their own below). */
const wordingIssues = (flow: Flow) => lintFlow(flow).filter((i) => i.code.startsWith('prompt.') && i.code !== 'prompt.sensitive' && i.code !== 'prompt.missingVariant');
const missingVariants = (flow: Flow) => lintFlow(flow).filter((i) => i.code === 'prompt.missingVariant');
/** The same, leaving out USSD's (a screen of 182 characters: every prompt measured here passes it; one test checks that it is said). */
const withoutUssd = (issues: LintIssue[]) => issues.filter((i) => i.params?.channel !== 'USSD');
const long = (n: number) => 'Bienvenue sur le service client. '.repeat(Math.ceil(n / 33)).slice(0, n);

describe('lint of prompt wording per channel', () => {
  it('says nothing of the sample flow, whose prompts fit every channel', () => {
    expect(wordingIssues(sampleWith(() => {}))).toEqual([]);
  });

  it('warns of a variant keyed by neither a channel nor a way of answering', () => {
    const flow = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: 'Tapez 1.', variants: { whatsap: { text: 'Choisissez.' } } };
    });
    expect(wordingIssues(flow)).toEqual([expect.objectContaining({ severity: 'warning', code: 'prompt.unknownVariant', node: 'menu', field: 'prompt.fr.variants.whatsap' })]);
  });

  it('warns where an SMS would get a menu longer than one message, and not once the prompt has a short SMS variant', () => {
    const tooLong = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: long(660) };
    });
    const all = wordingIssues(tooLong).filter((i) => i.code === 'prompt.tooLongForChannel');
    // USSD pages it: the subscriber is told to page through it. Its screen holds the turn: "Numéro inconnu." (notFound) comes before it when a number is not found.
    expect(all.find((i) => i.params?.channel === 'USSD')).toMatchObject({ params: { limit: '182', length: '704', before: 'notFound' } });
    expect(all.find((i) => i.params?.channel === 'USSD')?.message).toContain('page through it');
    const issues = withoutUssd(all);
    // 660 characters fit WhatsApp and web chat (the buttons are apart); with "1. Code PUK\n2. Conseiller" they pass an SMS's 670.
    expect(issues).toEqual([expect.objectContaining({ node: 'menu', field: 'prompt.fr', params: expect.objectContaining({ channel: 'SMS', limit: '670', length: '687' }) })]);
    expect(issues[0]?.message).toContain('write a shorter variant for sms');
    // What the warning foretells: the phone gets the menu in two SMS.
    const turn = step(tooLong, createSession(tooLong, { channel: 'sms', caller: { number: '+2290197000001', knownLocale: 'fr' }, flowVersion: 1 }), { type: 'start' });
    expect(renderReplies(turn.effects, { capabilities: channelCapabilities.sms }).replies).toHaveLength(2);

    const fixed = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: long(660), variants: { sms: { text: 'Répondez par le numéro de votre choix.' } } };
    });
    expect(withoutUssd(wordingIssues(fixed))).toEqual([]);
  });

  it("measures the variant a channel gets, not the locale's text, and points at it", () => {
    const flow = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: 'Tapez 1 ou 2.', variants: { numbered: { text: long(700) } } };
    });
    expect(withoutUssd(wordingIssues(flow))).toEqual([
      expect.objectContaining({ code: 'prompt.tooLongForChannel', field: 'prompt.fr.variants.numbered', params: expect.objectContaining({ channel: 'SMS', key: 'numbered' }) }),
    ]);
  });

  it('counts the text a subscriber reads: SSML tags and placeholders do not count', () => {
    const flow = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: `<speak>${long(600)}<break time="2s"/></speak>{{caller.number}}` };
    });
    expect(withoutUssd(wordingIssues(flow))).toEqual([]);
  });

  it('warns past one screen on a channel that pages (USSD), with the numbered menu on the screen', () => {
    const ussdLike = channelCapabilities.ussd;
    const flow = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: long(170), variants: { keypad: { text: 'Tapez 1 ou 2.', audio: 'fr/menu-court.wav' } } };
    });
    const menu = flow.nodes.find((n) => n.id === 'menu')!;
    const issues: LintIssue[] = [];
    lintPromptWording(flow, menu, 'prompt', menu.type === 'menu' ? menu.prompt : {}, (i) => issues.push(i), { capabilities: { ussd: ussdLike } });
    // The keypad variant is the one a keypad screen gets: short enough.
    expect(issues.filter((i) => i.code !== 'prompt.missingVariant')).toEqual([]);
    const plain: LintIssue[] = [];
    lintPromptWording(flow, menu, 'prompt', { fr: { text: long(170) } }, (i) => plain.push(i), { capabilities: { ussd: ussdLike } });
    expect(plain).toEqual([expect.objectContaining({ code: 'prompt.tooLongForChannel', params: expect.objectContaining({ channel: 'USSD', limit: '182' }) })]);
    expect(plain[0]?.message).toContain('page through it');
  });

  it('warns past 80 characters on a USSD screen that needs UCS-2 (ô, ê), where 182 GSM characters would pass', () => {
    const ussd = { ussd: channelCapabilities.ussd };
    const flow = sampleWith(() => {});
    const menu = flow.nodes.find((n) => n.id === 'menu')!;
    const lintText = (text: string) => {
      const issues: LintIssue[] = [];
      lintPromptWording(flow, menu, 'prompt', { fr: { text } }, (i) => issues.push(i), { capabilities: ussd });
      return issues.filter((i) => i.code === 'prompt.tooLongForChannel');
    };
    const text = 'Vous êtes bien au service client de Griot Telecom. Plutôt que d’attendre, choisissez :';
    expect(lintText(text)).toEqual([expect.objectContaining({ params: expect.objectContaining({ channel: 'USSD', limit: '80' }) })]);
    expect(lintText(text.replace('ê', 'e').replace('ô', 'o').replace('’', "'"))).toEqual([]);
  });

  it('counts a USSD screen in septets: a prompt whose € and [ ] take it past 182 is said too long', () => {
    const ussd = { ussd: channelCapabilities.ussd };
    const flow = sampleWith(() => {});
    const menu = flow.nodes.find((n) => n.id === 'menu')!;
    const lintText = (text: string) => {
      const issues: LintIssue[] = [];
      lintPromptWording(flow, menu, 'prompt', { fr: { text } }, (i) => issues.push(i), { capabilities: ussd });
      return issues.filter((i) => i.code === 'prompt.tooLongForChannel');
    };
    // The longest prompt of letters that fits a screen with its menu…
    let fill = 1;
    while (lintText(`Tarifs : ${'a'.repeat(fill + 1)}`).length === 0) fill += 1;
    expect(fill).toBeGreaterThan(20);
    expect(lintText(`Tarifs : ${'a'.repeat(fill)}`)).toEqual([]);
    // …is over it with as many characters, ten of them € or brackets (two septets each).
    const priced = `Tarifs : [${'€'.repeat(8)}]${'a'.repeat(fill - 10)}`;
    expect(priced.length).toBe(`Tarifs : ${'a'.repeat(fill)}`.length);
    expect(lintText(priced)).toEqual([expect.objectContaining({ params: expect.objectContaining({ channel: 'USSD', limit: '182' }) })]);
  });

  it('keeps from production (not from staging) a variant said on a call in a language without text-to-speech that has no recording of its own', () => {
    const flow = sampleWith((n) => {
      n.menu!.prompt!.fon = { audio: 'fon/menu.wav', variants: { keypad: { text: 'Zin 1.' } } };
    });
    expect(wordingIssues(flow)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        blocks: 'production',
        code: 'prompt.variantAudio',
        node: 'menu',
        field: 'prompt.fon.variants.keypad',
        params: expect.objectContaining({ channel: 'Voice' }),
      }),
    ]);
  });

  it('checks a prompt said only on calls (a callback offer) for calls only', () => {
    const flow = sampleWith((n) => {
      n.handoff!.callbackOfferPrompt = { fr: { text: long(900) }, en: { text: long(900) }, fon: { audio: 'fon/callback.wav' } };
    });
    expect(wordingIssues(flow).filter((i) => i.field?.startsWith('callbackOfferPrompt'))).toEqual([]);
    const written = sampleWith((n) => {
      n.handoff!.prompt = { fr: { text: long(900) }, en: { text: 'Transferring you.' }, fon: { audio: 'fon/transfer.wav' } };
    });
    expect(wordingIssues(written).map((i) => `${i.field} ${i.params?.channel}`)).toEqual(['prompt.fr SMS', 'prompt.fr USSD']);
  });

  it("checks a variant's placeholders like the prompt's", () => {
    const flow = sampleWith((n) => {
      n.readPuk!.prompt!.fr = { text: 'Votre code PUK est {{puk | spell}}.', variants: { sms: { text: 'PUK: {{pukk}}' } } };
    });
    expect(lintFlow(flow)).toContainEqual(expect.objectContaining({ severity: 'error', code: 'variable.undefined', node: 'readPuk', field: 'prompt.fr.variants.sms' }));
  });

  it('warns where a language lacks a variant the flow is written with, on the channels that would say it', () => {
    const flow = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: 'Tapez 1 ou 2.', variants: { sms: { text: 'Répondez 1 ou 2.' }, buttons: { text: 'Choisissez.' }, telegrm: { text: 'jamais dit' } } };
      n.menu!.prompt!.en = { text: 'Press 1 or 2.', variants: { sms: { text: 'Reply 1 or 2.' }, buttons: { text: '  ' } } };
    });
    // English has SMS; its buttons wording is blank, so it says "Press 1 or 2." on WhatsApp. Fon has neither:
    // on WhatsApp it plays its recording (worded for the keypad); on SMS, which plays none, a Fon subscriber
    // reads the French SMS wording, so nothing is missing there. An unknown key is never said.
    expect(missingVariants(flow).map((i) => [i.severity, i.field, i.params?.key, i.params?.locale])).toEqual([
      ['warning', 'prompt.en.variants.buttons', 'buttons', 'EN'],
      ['warning', 'prompt.fon.variants.buttons', 'buttons', 'FON'],
    ]);
    // Fon given text of its own says it on SMS too: there the SMS wording is missing.
    const written = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: 'Tapez 1 ou 2.', variants: { sms: { text: 'Répondez 1 ou 2.' } } };
      n.menu!.prompt!.fon = { text: 'Zin 1 alo 2.', audio: 'fon/menu.wav' };
    });
    expect(missingVariants(written).map((i) => i.field)).toEqual(['prompt.en.variants.sms', 'prompt.fon.variants.sms']);
    // A variant only another language has is that language's own business.
    const theirs = sampleWith((n) => {
      n.menu!.prompt!.en = { text: 'Press 1 or 2.', variants: { sms: { text: 'Reply 1 or 2.' } } };
    });
    expect(missingVariants(theirs)).toEqual([]);
  });

  it('asks a prompt said only on calls for the variants a call says', () => {
    const textOnly = sampleWith((n) => {
      n.handoff!.callbackOfferPrompt = { fr: { text: 'Tapez 1 pour être rappelé.', variants: { sms: { text: 'jamais envoyé' } } }, en: { text: 'Press 1.' }, fon: { audio: 'fon/cb.wav' } };
    });
    expect(missingVariants(textOnly)).toEqual([]);
    const spoken = sampleWith((n) => {
      n.handoff!.callbackOfferPrompt = { fr: { text: 'Tapez 1.', variants: { voice: { text: 'Dites oui ou tapez 1.' } } }, en: { text: 'Press 1.' }, fon: { audio: 'fon/cb.wav' } };
    });
    expect(missingVariants(spoken).map((i) => i.field)).toEqual(['callbackOfferPrompt.en.variants.voice', 'callbackOfferPrompt.fon.variants.voice']);
  });

  it('refuses to publish a suggested variant until it is reviewed', () => {
    const flow = sampleWith((n) => {
      n.menu!.prompt!.fr = { text: 'Tapez 1 ou 2.', variants: { sms: { text: 'Répondez 1 ou 2.' } } };
      n.menu!.prompt!.en = { text: 'Press 1 or 2.', variants: { sms: { text: 'Reply 1 or 2.', needsReview: true } } };
    });
    expect(lintFlow(flow).filter((i) => i.code === 'prompt.unreviewed')).toEqual([
      expect.objectContaining({ severity: 'error', node: 'menu', field: 'prompt.en.variants.sms', params: { locale: 'EN', key: 'sms' } }),
    ]);
  });
});
