import { describe, expect, it } from 'vitest';
import { languageName } from './languageName.ts';

describe('a subscriber’s language as the agent reads it', () => {
  it('names the operators’ local languages the browser cannot name, not by their code', () => {
    expect(languageName('fon', 'fr')).toBe('Fɔngbè');
    expect(languageName('bci', 'fr')).toBe('Baoulé');
    expect(languageName('bba', 'fr')).toBe('Baatɔnum (Bariba)');
    expect(languageName('wes', 'en')).toBe('Pidgin (Cameroun)');
  });

  it('says the others in the agent’s language, and an unknown code as it is', () => {
    expect(languageName('en', 'fr')).toBe('anglais');
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('xx-unknown', 'fr')).toBe('xx-unknown');
  });
});
