import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { fr } from './fr.ts';
import { contained, isolate, isolatingFormatter } from './isolate.ts';

const FSI = '\u2068';
const PDI = '\u2069';
const TROJAN = 'Facturation \u202Efdp.exe';

/** The designer's French words, interpolated as setupI18n does. */
async function frenchT() {
  const instance = i18next.createInstance();
  await instance.use(isolatingFormatter).init({ resources: { fr: { translation: fr } }, lng: 'fr', interpolation: { escapeValue: false, prefix: '%{', suffix: '}', alwaysFormat: true } });
  return instance.t;
}

describe('names isolated in a sentence', () => {
  it('isolates a name that could reorder the words around it (a direction control, right-to-left letters), and nothing else', () => {
    expect(isolate(TROJAN)).toBe(`${FSI}${TROJAN}${PDI}`);
    expect(isolate('خدمة العملاء')).toBe(`${FSI}خدمة العملاء${PDI}`);
    expect(isolate('שירות')).toBe(`${FSI}שירות${PDI}`);
    for (const name of ['Facturation', 'Accueil Fon — Gbè', 'क्\u200Dष', '1919 (copie)']) expect(isolate(name)).toBe(name);
  });

  it('isolates every value a French sentence quotes, numbers and plain names left as they are; a stored text as written', async () => {
    const t = await frenchT();
    expect(t('flows.duplicateTitle', { name: TROJAN })).toBe(`Dupliquer « ${FSI}${TROJAN}${PDI} »`);
    expect(t('flows.duplicateTitle', { name: 'Facturation' })).toBe('Dupliquer « Facturation »');
    expect(t('flows.versionCopyName', { name: 'خدمة', n: 3 })).toBe(`${FSI}خدمة${PDI} — v3 (copie)`);
    expect(t('flows.versionCopyName', { name: 'خدمة', n: 3, asWritten: true })).toBe('خدمة — v3 (copie)');
  });

  it('keeps a name inside its isolate: its own U+2069 cannot end it early and let an override after it turn the sentence', async () => {
    // « A\u2069\u202Efdp.exe »: the name's U+2069 would close the isolate around it, and its U+202E run to the end of the sentence.
    const escaping = 'A\u2069\u202Efdp.exe';
    expect(isolate(escaping)).toBe(`${FSI}A\u202Efdp.exe${PDI}`);
    const t = await frenchT();
    expect(t('flows.duplicateTitle', { name: escaping })).toBe(`Dupliquer « ${FSI}A\u202Efdp.exe${PDI} »`);
    // Isolates the name opens and closes kept; one it leaves open closed before the isolate around it ends.
    expect(contained('\u2067שם\u2069 v2')).toBe('\u2067שם\u2069 v2');
    expect(contained('\u2067שם \u202Ev2')).toBe('\u2067שם \u202Ev2\u2069');
    expect(isolate('\u2069\u2069\u2066a\u2069\u2069\u202Eb')).toBe(`${FSI}\u2066a\u2069\u202Eb${PDI}`);
    for (const name of ['Facturation', 'خدمة العملاء', TROJAN]) expect(contained(name)).toBe(name);
  });
});
