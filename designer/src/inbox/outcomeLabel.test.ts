import { describe, expect, it } from 'vitest';
import { CLOSING_OUTCOMES } from '@griot/flows';
import { testT } from '../i18n/testT.ts';
import { historyEnding, outcomeLabel } from './outcomeLabel.ts';

describe('outcome labels', () => {
  it('says every closing outcome in French and English', async () => {
    const [fr, en] = [await testT('fr'), await testT('en')];
    for (const code of CLOSING_OUTCOMES) {
      expect(outcomeLabel(fr, code), code).not.toBe(code);
      expect(outcomeLabel(en, code), code).not.toBe(code);
    }
    expect(outcomeLabel(fr, 'callback_promised')).toBe('Rappel promis');
    expect(outcomeLabel(en, 'callback_promised')).toBe('Callback promised');
  });

  it('reads outcomes typed before the list as the code they meant, in the user’s language', async () => {
    const en = await testT('en');
    expect([outcomeLabel(en, 'résolu'), outcomeLabel(en, 'resolved'), outcomeLabel(en, 'à rappeler')]).toEqual(['Resolved', 'Resolved', 'Callback promised']);
  });

  it('names how the system ended a contact, and keeps other typed words as they are', async () => {
    const fr = await testT('fr');
    expect([outcomeLabel(fr, 'released'), outcomeLabel(fr, 'hangup'), outcomeLabel(fr, 'code PUK donné')]).toEqual(['rendu au bot', 'raccroché', 'code PUK donné']);
  });
});

describe('an earlier contact in the agent’s history', () => {
  it('says why and how it ended in French only, once when both say the same', async () => {
    const fr = await testT('fr');
    expect(historyEnding(fr, 'hangup', 'hangup')).toBe('raccroché');
    expect(historyEnding(fr, 'inactivity', 'hangup')).toBe('sans réponse (délai dépassé) · raccroché');
    // A Telegram subscriber's « /start » mid-contact, an SMS subscriber's STOP: said, not their code.
    expect(historyEnding(fr, 'restarted', 'abandoned')).toBe('recommencé par le client · abandonné en attente');
    expect(outcomeLabel(fr, 'stopped')).toBe('arrêté par le client (STOP)');
    // A reason a flow's editor wrote stays as written.
    expect(historyEnding(fr, 'Demande de code PUK', 'resolved')).toBe('Demande de code PUK · Résolu');
  });
});
