/** Words the channel itself needs (not the flow's): the list button, a body for a menu without text… */
export interface SystemTexts {
  /** Label of the button that opens a list (≤ 20 characters on WhatsApp). */
  listButton: string;
  /** Body of a menu whose prompt has no text in this locale (audio only). */
  chooseOption: string;
  /** Answer to a picture, voice note, sticker… that the flow cannot read. */
  unsupportedMessage: string;
  /** When Griot itself cannot answer (the engine or a dependency failed). */
  technicalProblem: string;
  /** Label of the button that shares the subscriber's own number (Telegram's contact request), under a phone question. */
  shareNumber: string;
  /** Answer to a contact card that is not the subscriber's own (only their own number links their profile). */
  ownNumberOnly: string;
  /** Screen-at-a-time channels (USSD): the words beside the keys of the next screen ("00 Suite") and the one before ("0 Retour"). */
  nextPage: string;
  previousPage: string;
  /** USSD: a look-up slower than the session can wait; its answer follows on another channel (`{channel}`: SMS). */
  answerFollows: string;
  /** USSD: a look-up slower than the session can wait, and nothing to send its answer by. */
  tryAgainLater: string;
  /** USSD: the contact waits for an agent, who will call back (the session cannot wait). */
  agentCallsBack: string;
  /** USSD: the service code dialled leads nowhere (no flow bound to it, or it has nothing published). */
  serviceUnavailable: string;
  /** USSD: Griot could not answer before the gateway gives up (overload): the session ends, nothing of this request applied. */
  busy: string;
  /** USSD: a request carries the id of a session another phone number (or service code) opened: it gets nothing of that session. */
  sessionNotYours: string;
  /** SMS: the subscriber wrote STOP: the contact is over, nothing more follows it (in GSM 03.38: one SMS). */
  conversationStopped: string;
}

const TEXTS: Record<string, SystemTexts> = {
  fr: {
    listButton: 'Choisir',
    chooseOption: 'Choisissez une option :',
    unsupportedMessage: 'Désolé, je ne peux lire que du texte. Répondez par un message écrit ou avec les boutons.',
    technicalProblem: 'Désolé, un problème technique nous empêche de vous répondre. Réessayez dans quelques minutes.',
    shareNumber: 'Partager mon numéro',
    ownNumberOnly: 'Je ne peux enregistrer que votre propre numéro : utilisez le bouton « Partager mon numéro », ou écrivez-le.',
    nextPage: 'Suite',
    previousPage: 'Retour',
    answerFollows: 'Votre demande prend plus de temps que prévu : vous recevrez la réponse par {channel}.',
    tryAgainLater: 'Le service met trop de temps à répondre. Merci de réessayer dans quelques minutes.',
    agentCallsBack: 'Un conseiller vous rappellera sur ce numéro dès que possible.',
    serviceUnavailable: "Ce service n'est pas disponible pour le moment.",
    busy: 'Service très demandé, réessayez dans un instant.',
    sessionNotYours: "Cette session n'est pas valable. Composez à nouveau le code du service.",
    conversationStopped: "C'est noté : la conversation est terminée. Ecrivez-nous quand vous voulez pour recommencer.",
  },
  en: {
    listButton: 'Choose',
    chooseOption: 'Choose an option:',
    unsupportedMessage: 'Sorry, I can only read text. Please reply with a written message or use the buttons.',
    technicalProblem: 'Sorry, a technical problem keeps us from answering. Please try again in a few minutes.',
    shareNumber: 'Share my number',
    ownNumberOnly: 'I can only record your own number: use the “Share my number” button, or type it.',
    nextPage: 'More',
    previousPage: 'Back',
    answerFollows: 'Your request is taking longer than expected: you will receive the answer by {channel}.',
    tryAgainLater: 'The service is taking too long to answer. Please try again in a few minutes.',
    agentCallsBack: 'An agent will call you back on this number as soon as possible.',
    serviceUnavailable: 'This service is not available at the moment.',
    busy: 'The service is very busy, please try again in a moment.',
    sessionNotYours: 'This session is not valid. Please dial the service code again.',
    conversationStopped: 'Noted: the conversation is over. Write to us any time to start again.',
  },
};

/** Whether Griot has its own words in this locale's language (Fon has none: its prompts are recordings). */
export function hasSystemTexts(locale: string): boolean {
  return Object.hasOwn(TEXTS, locale.split('-')[0] ?? '');
}

/**
 * The locale whose words a channel writes for a subscriber of `locale`: their own when Griot has
 * some, else the first of the flow's locales that has (the flow's default language, French on the
 * 1919 line), so a Fon speaker's menu reads "Choisissez une option" as the rest of their country's
 * written service does, not English.
 */
export function writtenLocaleFor(locale: string, flowLocales: readonly { code: string }[] = []): string {
  if (hasSystemTexts(locale)) return locale;
  return flowLocales.find((l) => hasSystemTexts(l.code))?.code ?? locale;
}

/** The texts for a locale ("fr-BJ" uses "fr"); English when the language has none. */
export function systemTexts(locale: string | undefined, overrides: Record<string, Partial<SystemTexts>> = {}): SystemTexts {
  const language = (locale ?? 'en').split('-')[0] ?? 'en';
  const base = TEXTS[language] ?? (TEXTS.en as SystemTexts);
  return { ...base, ...(overrides[language] ?? {}), ...(locale ? (overrides[locale] ?? {}) : {}) };
}
