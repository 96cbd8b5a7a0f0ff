/**
 * Digits 0–9 said as words in the local languages Griot ships words for, by language: word →
 * digit. The one list of them: menus read them as keys (`numberWords.ts`), masking finds them in
 * transcripts (runtime `sensitive/localNumberWords.ts`, which adds words of its own that menus must
 * not take as a key). A word a speaker confirms is added here, once.
 *
 * Written without tones nor dots, lower case, hyphens kept (`arun-un`: àrún-ún); Fon keeps its own
 * letters (`ɖ`, `ɔ`). Only words from a source are listed:
 * - Yoruba: Wikipedia, « Yoruba numerals » (ọ̀kan, èjì, ẹ̀ta, ẹ̀rin, àrún, ẹ̀fà, èje, ẹ̀jọ, ẹ̀sán, and
 *   the counting forms oókàn, eéjì…), the University of Georgia's Yorùbá course (africa.uga.edu,
 *   unit 4: eeji, eeta…) and W. O. Adeleke's table (thenigerianvoice.com, « Numeral systems of
 *   Yoruba language »: òdo for 0, the m- forms méjì, mẹ́ta…, and a phone number read digit by digit
 *   with the plain forms);
 * - Fon, 1–3 only: ɖokpó (1, iamyourclounon.bj, « 1 à 100 : savoir bien compter en fongbé »), wè
 *   (2) and atɔ̀n (3) as in the lead's review (« ɖokpo, wè, atɔn »). The other digits wait for a
 *   source a Fon speaker confirms.
 */
export const LOCAL_DIGIT_WORDS: Readonly<Record<'yo' | 'fon', Readonly<Record<string, number>>>> = {
  yo: {
    odo: 0,
    okan: 1,
    ookan: 1,
    eji: 2,
    eeji: 2,
    meji: 2,
    eta: 3,
    eeta: 3,
    meta: 3,
    erin: 4,
    eerin: 4,
    merin: 4,
    arun: 5,
    aarun: 5,
    marun: 5,
    'arun-un': 5,
    'aarun-un': 5,
    'marun-un': 5,
    efa: 6,
    eefa: 6,
    mefa: 6,
    eje: 7,
    eeje: 7,
    meje: 7,
    ejo: 8,
    eejo: 8,
    mejo: 8,
    esan: 9,
    eesan: 9,
    mesan: 9,
    'esan-an': 9,
    'eesan-an': 9,
    'mesan-an': 9,
  },
  fon: { ɖokpo: 1, dokpo: 1, we: 2, atɔn: 3, aton: 3 },
};
