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
});
