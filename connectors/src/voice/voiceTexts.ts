/** Words the voice channel says on its own (not the flow's), per language. */
export interface VoiceTexts {
  /** When the number is unknown, nothing is published, or something broke. */
  apology: string;
  /** While a slow look-up keeps running after the flow's own wait prompt. */
  stillWaiting: string;
  /** `position` counts from 1. */
  queuePosition: (position: number) => string;
  /** The subscriber answers the call Griot placed for their callback request. */
  callbackGreeting: string;
  /** The agent of a callback could not be reached. */
  callbackAgentUnavailable: string;
  /** After waiting past the queue's threshold (`speech`: the caller may also say yes). */
  callbackOffer: (speech: boolean) => string;
  /** The queue is closed and its settings offer a callback rather than the flow's message. */
  callbackOfferClosed: (speech: boolean) => string;
  /** The caller declined the callback and goes back to the queue. */
  keepWaiting: string;
  /** Spoken answers that accept a callback (lower case, without accents). */
  yes: readonly string[];
}

const TEXTS: Record<string, VoiceTexts> = {
  fr: {
    apology: 'Nous sommes désolés, ce service est momentanément indisponible. Merci de rappeler plus tard. Au revoir.',
    stillWaiting: 'Merci de patienter encore un instant.',
    queuePosition: (n) => (n <= 1 ? 'Vous êtes le prochain. Un conseiller va vous répondre.' : `Vous êtes en position ${n} dans la file d'attente. Merci de patienter.`),
    callbackGreeting: 'Bonjour, vous avez demandé à être rappelé. Nous vous mettons en relation avec un conseiller, merci de patienter.',
    callbackAgentUnavailable: "Nous n'avons pas pu joindre le conseiller. Nous vous rappellerons dès que possible. Au revoir.",
    callbackOffer: (speech) =>
      `Tous nos conseillers sont encore occupés. Pour être rappelé dès qu'un conseiller sera libre, appuyez sur 1${speech ? ' ou dites oui' : ''}. Pour rester en ligne, appuyez sur 2.`,
    callbackOfferClosed: (speech) => `Nos conseillers ne sont pas disponibles pour le moment. Pour être rappelé dès leur retour, appuyez sur 1${speech ? ' ou dites oui' : ''}. Sinon, appuyez sur 2.`,
    keepWaiting: 'Merci. Vous restez en ligne, un conseiller va vous répondre.',
    yes: ['oui', 'ouais', 'd accord', 'ok', 'okay', 'rappel', 'rappelez', 'rappeler', 'volontiers'],
  },
  en: {
    apology: 'We are sorry, this service is temporarily unavailable. Please call again later. Goodbye.',
    stillWaiting: 'Please hold on a moment longer.',
    queuePosition: (n) => (n <= 1 ? 'You are next in line. An agent will be with you shortly.' : `You are number ${n} in the queue. Please hold.`),
    callbackGreeting: 'Hello, you asked us to call you back. We are putting you through to an agent, please hold.',
    callbackAgentUnavailable: 'We could not reach the agent. We will call you back as soon as possible. Goodbye.',
    callbackOffer: (speech) => `All our agents are still busy. To be called back as soon as an agent is free, press 1${speech ? ' or say yes' : ''}. To stay on the line, press 2.`,
    callbackOfferClosed: (speech) => `Our agents are not available right now. To be called back when they return, press 1${speech ? ' or say yes' : ''}. Otherwise, press 2.`,
    keepWaiting: 'Thank you. Please stay on the line, an agent will answer you.',
    yes: ['yes', 'yeah', 'yep', 'ok', 'okay', 'sure', 'please', 'call me back', 'call back'],
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
