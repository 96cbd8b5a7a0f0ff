import { describe, expect, it } from 'vitest';
import { lintFlow } from './lintFlow.ts';
import { Flow, type FlowInput } from '../schema/flow.ts';
import { sampleFlowInput } from '../fixtures/sampleFlow.ts';

function lintOn(boundChannels: Array<'ussd' | 'voice' | 'whatsapp'> | undefined, change: (f: FlowInput) => void = () => {}) {
  const input = sampleFlowInput();
  change(input);
  return lintFlow(Flow.parse(input), boundChannels ? { boundChannels } : {});
}
const menu = (f: FlowInput) => f.nodes.find((n) => n.id === 'menu') as Record<string, any>;
const ofCode = (issues: ReturnType<typeof lintFlow>, code: string) => issues.filter((i) => i.code === code);

describe('lint for the channels a flow is bound to', () => {
  it('says once per locale, on USSD, which prompts are recordings only and what shows instead', () => {
    const issues = ofCode(lintOn(['ussd']), 'prompt.audioOnly');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', field: 'locales.fon', params: { channel: 'ussd', locale: 'fon', fallback: 'fr' } });
    expect(issues[0]?.message).toContain('Français text is shown instead');
    // The language menu's Fon line has no text to stand for it.
    expect(issues[0]?.message).toMatch(/1 show nothing \(language\)/);
  });

  it('says nothing of it for channels that play recordings, or when the bindings are not known', () => {
    expect(ofCode(lintOn(['voice', 'whatsapp']), 'prompt.audioOnly')).toEqual([]);
    expect(ofCode(lintOn(undefined), 'prompt.audioOnly')).toEqual([]);
  });

  it("warns when a menu option is keyed 0 (the back key of a paged screen) or * (the gateway's separator) on a USSD-bound flow", () => {
    const issues = lintOn(['ussd'], (f) => {
      menu(f).options[0].key = '0';
      menu(f).options[1].key = '*';
    });
    expect(ofCode(issues, 'menu.pagingKey')).toEqual([expect.objectContaining({ severity: 'warning', node: 'menu', params: { channel: 'ussd', key: '0' } })]);
    expect(ofCode(issues, 'menu.unanswerableKey')).toEqual([expect.objectContaining({ node: 'menu', params: { channel: 'ussd', key: '*' } })]);
    expect(
      ofCode(
        lintOn(['voice'], (f) => {
          menu(f).options[0].key = '0';
        }),
        'menu.pagingKey',
      ),
    ).toEqual([]);
  });

  it('warns once, as prompt.tooLongForChannel, when a USSD-bound menu does not fit one 182-character screen', () => {
    const tooLong = (issues: ReturnType<typeof lintFlow>) => issues.filter((i) => i.node === 'menu' && i.code === 'prompt.tooLongForChannel' && i.params?.channel === 'USSD');
    expect(tooLong(lintOn(['ussd']))).toEqual([]);
    const issues = lintOn(['ussd'], (f) => {
      menu(f).prompt.fr.text = `${'Bienvenue chez Griot Telecom, votre opérateur. '.repeat(4)}Tapez 1 pour votre code PUK, 2 pour un conseiller.`;
    });
    // One warning for the one problem (the French text, shown in Fon too, whose prompt is a recording): not a second code for it.
    expect(tooLong(issues)).toEqual([expect.objectContaining({ severity: 'warning', field: 'prompt.fr', params: expect.objectContaining({ locale: 'FR', limit: '182' }) })]);
    expect(tooLong(issues)[0]?.message).toContain('page through it (00) to reach its options');
    expect(issues.filter((i) => i.node === 'menu' && i.severity === 'warning' && i.params?.channel !== undefined && /ussd/i.test(String(i.params.channel)))).toHaveLength(1);
  });

  it('measures a USSD menu with the messages said before it on the same screen (a welcome), as the phone renders the turn', () => {
    const withWelcome = (welcome: string, prompt: string) => (f: FlowInput) => {
      menu(f).prompt.fr.text = prompt;
      f.nodes.push({ id: 'welcome', type: 'message', prompt: { fr: { text: welcome }, en: { text: 'Welcome.' }, fon: { audio: 'welcome.wav' } } } as FlowInput['nodes'][number]);
      const edge = f.edges!.find((e) => e.source === 'language' && e.target === 'menu')!;
      edge.target = 'welcome';
      f.edges!.push({ id: 'eWelcome', source: 'welcome', output: 'next', target: 'menu' });
    };
    const welcome = 'Bienvenue sur le 1919, le service client de Griot Telecom, ouvert jour et nuit, sans frais depuis votre mobile.';
    const prompt = 'Pour votre code PUK, tapez 1. Pour parler à un conseiller, tapez 2. Choisissez un service :';
    // The menu alone fits (prompt and options: 121 characters): the welcome before it does not leave room for its options.
    const tooLong = (issues: ReturnType<typeof lintFlow>) => issues.filter((i) => i.node === 'menu' && i.code === 'prompt.tooLongForChannel' && i.params?.channel === 'USSD');
    const issues = tooLong(lintOn(['ussd'], withWelcome(welcome, prompt)));
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'prompt.fr',
        params: expect.objectContaining({ locale: 'FR', limit: '182', before: 'welcome', length: String(welcome.length + 2 + prompt.length + 2 + '1. Code PUK\n2. Conseiller'.length) }),
      }),
    ]);
    expect(issues[0]?.message).toContain('(welcome said before it on the same screen)');
    // A shorter welcome: the turn fits one screen, nothing to say.
    expect(tooLong(lintOn(['ussd'], withWelcome('Bienvenue sur le 1919.', prompt)))).toEqual([]);
  });

  it('hints, on a USSD-bound flow, at a message before a handoff worded for calls: the session closes there with « an agent will call you back »', () => {
    const holdBefore = (variants?: Record<string, { text: string }>) => (f: FlowInput) => {
      f.nodes.push({
        id: 'hold',
        type: 'message',
        prompt: { fr: { text: 'Je vous passe un conseiller, merci de patienter.', ...(variants ? { variants } : {}) }, en: { text: 'Please hold.' }, fon: { audio: 'hold.wav' } },
      } as FlowInput['nodes'][number]);
      const edge = f.edges!.find((e) => e.source === 'menu' && e.output === 'agent')!;
      edge.target = 'hold';
      f.edges!.push({ id: 'eHold', source: 'hold', output: 'next', target: 'handoff' });
    };
    expect(ofCode(lintOn(['ussd'], holdBefore()), 'handoff.screenWording')).toEqual([
      expect.objectContaining({ severity: 'warning', node: 'hold', field: 'prompt.fr', params: { channel: 'ussd', handoff: 'handoff' } }),
    ]);
    expect(ofCode(lintOn(['voice', 'whatsapp'], holdBefore()), 'handoff.screenWording')).toEqual([]);
    expect(ofCode(lintOn(['ussd'], holdBefore({ ussd: { text: 'Votre demande est transmise à un conseiller.' } })), 'handoff.screenWording')).toEqual([]);
  });
});
