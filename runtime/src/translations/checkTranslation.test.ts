import { describe, expect, it } from 'vitest';
import { checkTranslation } from './checkTranslation.ts';
import type { MissingText } from './missingTranslations.ts';

const prompt = (source: string): MissingText => ({ ref: { kind: 'prompt', nodeId: 'n', field: 'prompt' }, source: [source], context: '' });
const examples: MissingText = { ref: { kind: 'intentExamples', nodeId: 'n', field: 'intents.0.examples', intentId: 'puk' }, source: ['puce bloquée'], context: '' };

describe('checking what the model answered for one text', () => {
  it('accepts a translation that keeps the placeholders and tags, wherever they go', () => {
    const source = 'Votre code est <say-as interpret-as="characters">{{puk | spell}}</say-as>, {{name}}.';
    expect(checkTranslation(prompt(source), 'en', ['  {{name}}, your code is <say-as interpret-as="characters">{{ puk|spell }}</say-as>. '])).toEqual({
      ok: true,
      texts: ['{{name}}, your code is <say-as interpret-as="characters">{{ puk|spell }}</say-as>.'],
    });
  });

  it('refuses a lost, renamed or translated placeholder, a lost tag, several texts and nothing', () => {
    const source = 'Solde : {{balance}} FCFA <break time="1s"/>';
    expect(checkTranslation(prompt(source), 'en', ['Balance: FCFA <break time="1s"/>'])).toEqual({ ok: false, reason: 'placeholders' });
    expect(checkTranslation(prompt(source), 'en', ['Balance: {{solde}} FCFA <break time="1s"/>'])).toEqual({ ok: false, reason: 'placeholders' });
    expect(checkTranslation(prompt(source), 'en', ['Balance: {{balance}} FCFA'])).toEqual({ ok: false, reason: 'markup' });
    expect(checkTranslation(prompt(source), 'en', ['Balance:', '{{balance}} FCFA <break time="1s"/>'])).toEqual({ ok: false, reason: 'notOneText' });
    expect(checkTranslation(prompt(source), 'en', [' '])).toEqual({ ok: false, reason: 'empty' });
    expect(checkTranslation(prompt(source), 'en', undefined)).toEqual({ ok: false, reason: 'unanswered' });
    expect(checkTranslation(prompt('Bonjour'), 'en', ['x'.repeat(5000)])).toEqual({ ok: false, reason: 'invalid' });
  });

  it('keeps the example phrases the schema accepts, once each', () => {
    expect(checkTranslation(examples, 'en', ['SIM blocked', 'sim BLOCKED', '', 'x'.repeat(201), 'my SIM card is locked'])).toEqual({ ok: true, texts: ['SIM blocked', 'my SIM card is locked'] });
    expect(checkTranslation(examples, 'en', ['x'.repeat(201)])).toEqual({ ok: false, reason: 'invalid' });
  });
});
