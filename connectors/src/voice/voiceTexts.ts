/** Words the voice channel says on its own (not the flow's), per language. */
export interface VoiceTexts {
  /** When the number is unknown, nothing is published, or something broke. */
  apology: string;
  /** While a slow look-up keeps running after the flow's own wait prompt. */
  stillWaiting: string;
  /** `position` counts from 1. */
  queuePosition: (position: number) => string;
}

const TEXTS: Record<string, VoiceTexts> = {
  fr: {
    apology: 'Nous sommes désolés, ce service est momentanément indisponible. Merci de rappeler plus tard. Au revoir.',
    stillWaiting: 'Merci de patienter encore un instant.',
    queuePosition: (n) =>
      n <= 1
        ? 'Vous êtes le prochain. Un conseiller va vous répondre.'
        : `Vous êtes en position ${n} dans la file d'attente. Merci de patienter.`,
  },
  en: {
    apology: 'We are sorry, this service is temporarily unavailable. Please call again later. Goodbye.',
    stillWaiting: 'Please hold on a moment longer.',
    queuePosition: (n) =>
      n <= 1 ? 'You are next in line. An agent will be with you shortly.' : `You are number ${n} in the queue. Please hold.`,
  },
};

/** Whether Griot has its own words in this language ("fr-BJ" counts as "fr"). */
export function hasVoiceTexts(locale: string): boolean {
  return (locale.split('-')[0] ?? '') in TEXTS;
}

/** The texts for a locale; French (the operator's working language) when the language has none. */
export function voiceTexts(locale: string | undefined): VoiceTexts {
  const language = (locale ?? 'fr').split('-')[0] ?? 'fr';
  return TEXTS[language] ?? (TEXTS.fr as VoiceTexts);
}
