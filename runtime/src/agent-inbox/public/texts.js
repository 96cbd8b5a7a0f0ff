// The inbox's words in French and English; `t(key)` answers in the chosen language.
const TEXTS = {
  fr: {
    title: 'Conseillers', login: 'Connexion', username: 'Identifiant', password: 'Mot de passe', signIn: 'Se connecter', signOut: 'Se déconnecter',
    badLogin: 'Identifiant ou mot de passe incorrect', noRole: 'Ce compte n’a pas le rôle conseiller ou superviseur.', language: 'Langue',
    queues: 'Files d’attente', pick: 'Choisissez un contact dans une file.', supervision: 'Supervision', callbacks: 'Rappels',
    queue: 'File', waiting: 'en attente', waitingHead: 'En attente', longest: 'attente max', longestHead: 'Attente max', busy: 'Conseillers occupés',
    callbacksPending: 'Rappels en attente', none: 'Aucun', nobodyWaiting: 'Personne en attente', takeNext: 'Prendre le suivant',
    take: 'Prendre', release: 'Rendre au bot', close: 'Clôturer', send: 'Envoyer', reply: 'Réponse', replyHint: 'Entrée pour envoyer, Maj+Entrée pour aller à la ligne',
    transfer: 'Transférer', transferTo: 'Vers la file', outcome: 'Résultat', history: 'Contacts précédents', context: 'Contexte', conversation: 'Conversation',
    callbackOffer: 'Proposer un rappel', callbackDue: 'rappel à proposer', done: 'Fait', failed: 'Échec', retry: 'Relancer', call: 'Appeler',
    caller: 'Appelant', channel: 'Canal', locale: 'Langue', reason: 'Motif', status: 'État', priority: 'Priorité', vip: 'prioritaire', wait: 'Attente',
    flow: 'Parcours', path: 'Chemin', variables: 'Variables', with: 'avec', you: 'vous', newMessage: 'nouveau message',
    statusWaiting: 'en attente', statusAssigned: 'pris en charge', statusClosed: 'terminé',
    cbPending: 'à rappeler', cbTaken: 'en cours', cbFailed: 'échec', cbDone: 'fait', attempts: 'tentatives', requested: 'demandé à',
    voiceNote: 'Appel vocal : la conversation se fait au téléphone. Le contexte de l’appel est ci-dessus.',
    announceWaiting: 'Nouveau contact en attente dans', announceMessage: 'Nouveau message de', closedNow: 'Ce contact est terminé.',
    takenByOther: 'Pris en charge par', connection: 'Connexion aux mises à jour perdue, nouvelle tentative…',
    outcomes: ['résolu', 'non résolu', 'à rappeler', 'transmis'],
    endings: { released: 'rendu au bot', callback: 'rappel demandé', served: 'servi', hangup: 'raccroché', abandoned: 'abandonné en attente', unavailable: 'file fermée', replaced: 'remplacé' },
    queueSettings: 'Réglages des files', otherQueue: 'Régler une autre file', queueName: 'Nom de la file', openSettings: 'Ouvrir',
    threshold: 'Proposer un rappel après', thresholdHint: 'Un appelant qui attend plus longtemps se voit proposer un rappel (0 : tout de suite ; 24 h au plus).',
    minutes: 'minutes', seconds: 'secondes', timezone: 'Fuseau horaire', timezoneHint: 'Nom IANA, par exemple Africa/Porto-Novo (Bénin).',
    hours: 'Heures d’ouverture', alwaysOpen: 'Toujours ouverte', hoursHint: 'Heures locales du fuseau. Fermeture à minuit : 00:00.',
    opens: 'Ouverture', closes: 'Fermeture', addInterval: 'Ajouter un créneau', removeInterval: 'Retirer le créneau', closedDay: 'Fermé',
    holidays: 'Jours fériés (file fermée)', holidayDate: 'Date', addHoliday: 'Ajouter', remove: 'Retirer',
    whenClosed: 'Quand la file est fermée', whenClosedMessage: 'Le message du parcours (sortie « indisponible »)',
    whenClosedCallback: 'Proposer un rappel aux appelants (voix ; les autres canaux ont le message)', save: 'Enregistrer',
    saved: 'Réglages de {queue} enregistrés.', savedBy: 'Enregistrés par {who} le {when}.', defaults: 'Réglages par défaut, jamais enregistrés.',
    changedMeanwhile: 'Modifiés entre-temps par {who} : enregistrer remplacera leurs changements.',
    summaryAfter: 'rappel après {wait}', summaryAlways: 'toujours ouverte', summaryHours: 'horaires', summaryHolidays: '{count} jour(s) férié(s)',
    badThreshold: 'des nombres entiers de minutes et de secondes.', badInterval: 'chaque créneau a une ouverture et une fermeture, la fermeture après l’ouverture.',
    apiSaid: 'Réponse de l’API : {issues}', saveFailed: 'Enregistrement impossible : {message}', fieldProblem: '{field} : {problem}', revert: 'Annuler les modifications',
    fields: { callbackAfterSeconds: 'Délai avant l’offre de rappel', timezone: 'Fuseau horaire', weeklyHours: 'Heures d’ouverture', holidays: 'Jours fériés', whenClosed: 'Quand la file est fermée' },
    rules: {
      callbackAfterSeconds: 'entre 0 et 24 heures.', timezone: 'fuseau inconnu ; donnez un nom IANA, par exemple Africa/Porto-Novo.',
      weeklyHours: 'heures HH:MM, 6 créneaux par jour au plus.', holidays: 'dates AAAA-MM-JJ, 366 au plus.', whenClosed: 'le message ou un rappel.',
    },
    days: { mon: 'lundi', tue: 'mardi', wed: 'mercredi', thu: 'jeudi', fri: 'vendredi', sat: 'samedi', sun: 'dimanche' },
    callPlaced: 'Griot appelle {number} et vous mettra en relation.', callPlacedOther: 'Griot appelle {number} et mettra en relation {agent}.',
    callAnswered: '{number} a décroché : Griot vous met en relation.', callAnsweredOther: '{number} a décroché : Griot le met en relation avec {agent}.',
    callCompleted: 'Appel terminé : marquez le rappel fait ou en échec.', callFailed: 'L’appel de Griot n’a pas abouti : {reason}.',
    previousAttempt: 'Tentative précédente : {reason}.', callDetail: 'Détail :',
    callReasons: {
      jambonz_refused: 'jambonz a refusé l’appel (clé d’API, compte ou requête à vérifier par l’exploitation)',
      jambonz_unavailable: 'jambonz est injoignable ou n’a pas répondu à temps ; réessayez dans un instant',
      not_configured: 'les rappels sortants sont mal configurés (numéro appelant ou voix manquants)',
      no_answer: 'l’abonné n’a pas répondu', busy: 'la ligne de l’abonné était occupée',
      call_failed: 'l’appel a échoué ou s’est terminé avant la mise en relation',
      agent_unavailable: 'le conseiller n’a pas décroché ; l’abonné en a été informé',
    },
    channels: { voice: 'Voix', whatsapp: 'WhatsApp', botframework: 'Teams / Bot Framework', webchat: 'Chat web' },
  },
  en: {
    title: 'Agents', login: 'Sign in', username: 'Username', password: 'Password', signIn: 'Sign in', signOut: 'Sign out',
    badLogin: 'Wrong username or password', noRole: 'This account has neither the agent nor the supervisor role.', language: 'Language',
    queues: 'Queues', pick: 'Pick a contact in a queue.', supervision: 'Supervision', callbacks: 'Callbacks',
    queue: 'Queue', waiting: 'waiting', waitingHead: 'Waiting', longest: 'longest wait', longestHead: 'Longest wait', busy: 'Agents busy',
    callbacksPending: 'Callbacks pending', none: 'None', nobodyWaiting: 'Nobody waiting', takeNext: 'Take next',
    take: 'Take', release: 'Back to the bot', close: 'Close', send: 'Send', reply: 'Reply', replyHint: 'Enter sends, Shift+Enter starts a new line',
    transfer: 'Transfer', transferTo: 'To queue', outcome: 'Outcome', history: 'Previous contacts', context: 'Context', conversation: 'Conversation',
    callbackOffer: 'Offer a callback', callbackDue: 'offer a callback', done: 'Done', failed: 'Failed', retry: 'Retry', call: 'Call',
    caller: 'Caller', channel: 'Channel', locale: 'Language', reason: 'Reason', status: 'Status', priority: 'Priority', vip: 'priority', wait: 'Wait',
    flow: 'Flow', path: 'Path', variables: 'Variables', with: 'with', you: 'you', newMessage: 'new message',
    statusWaiting: 'waiting', statusAssigned: 'with an agent', statusClosed: 'closed',
    cbPending: 'to call back', cbTaken: 'in progress', cbFailed: 'failed', cbDone: 'done', attempts: 'attempts', requested: 'requested at',
    voiceNote: 'Voice call: the conversation happens on the phone. The call’s context is above.',
    announceWaiting: 'New contact waiting in', announceMessage: 'New message from', closedNow: 'This contact is closed.',
    takenByOther: 'Taken by', connection: 'Lost the live updates, trying again…',
    outcomes: ['resolved', 'unresolved', 'call back', 'escalated'],
    endings: { released: 'back to the bot', callback: 'callback requested', served: 'served', hangup: 'hung up', abandoned: 'left while waiting', unavailable: 'queue closed', replaced: 'replaced' },
    queueSettings: 'Queue settings', otherQueue: 'Set up another queue', queueName: 'Queue name', openSettings: 'Open',
    threshold: 'Offer a callback after', thresholdHint: 'A caller who waits longer is offered a callback (0: at once; 24 h at most).',
    minutes: 'minutes', seconds: 'seconds', timezone: 'Time zone', timezoneHint: 'IANA name, for example Africa/Porto-Novo (Benin).',
    hours: 'Opening hours', alwaysOpen: 'Always open', hoursHint: 'Local hours of the time zone. Closing at midnight: 00:00 (12:00 AM).',
    opens: 'Opens', closes: 'Closes', addInterval: 'Add hours', removeInterval: 'Remove these hours', closedDay: 'Closed',
    holidays: 'Holidays (queue closed)', holidayDate: 'Date', addHoliday: 'Add', remove: 'Remove',
    whenClosed: 'When the queue is closed', whenClosedMessage: 'The flow’s message (its “unavailable” output)',
    whenClosedCallback: 'Offer callers a callback (voice; other channels get the message)', save: 'Save',
    saved: 'Settings of {queue} saved.', savedBy: 'Saved by {who} on {when}.', defaults: 'Default settings, never saved.',
    changedMeanwhile: 'Changed meanwhile by {who}: saving will replace their changes.',
    summaryAfter: 'callback after {wait}', summaryAlways: 'always open', summaryHours: 'opening hours', summaryHolidays: '{count} holiday(s)',
    badThreshold: 'whole numbers of minutes and seconds.', badInterval: 'each period needs an opening and a closing time, closing after opening.',
    apiSaid: 'The API answered: {issues}', saveFailed: 'Could not save: {message}', fieldProblem: '{field}: {problem}', revert: 'Undo changes',
    fields: { callbackAfterSeconds: 'Callback offer delay', timezone: 'Time zone', weeklyHours: 'Opening hours', holidays: 'Holidays', whenClosed: 'When the queue is closed' },
    rules: {
      callbackAfterSeconds: 'between 0 and 24 hours.', timezone: 'unknown zone; give an IANA name such as Africa/Porto-Novo.',
      weeklyHours: 'HH:MM times, at most 6 periods a day.', holidays: 'YYYY-MM-DD dates, at most 366.', whenClosed: 'the message or a callback.',
    },
    days: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
    callPlaced: 'Griot is calling {number} and will connect you.', callPlacedOther: 'Griot is calling {number} and will connect {agent}.',
    callAnswered: '{number} answered: Griot is connecting you.', callAnsweredOther: '{number} answered: Griot is connecting them to {agent}.',
    callCompleted: 'Call over: mark the callback done or failed.', callFailed: 'Griot’s call did not go through: {reason}.',
    previousAttempt: 'Previous attempt: {reason}.', callDetail: 'Detail:',
    callReasons: {
      jambonz_refused: 'jambonz refused the call (API key, account or request to be checked by operations)',
      jambonz_unavailable: 'jambonz could not be reached or did not answer in time; try again in a moment',
      not_configured: 'callbacks out are not set up right (caller ID or voice missing)',
      no_answer: 'the subscriber did not answer', busy: 'the subscriber’s line was busy',
      call_failed: 'the call failed or ended before being put through',
      agent_unavailable: 'the agent did not pick up; the subscriber was told',
    },
    channels: { voice: 'Voice', whatsapp: 'WhatsApp', botframework: 'Teams / Bot Framework', webchat: 'Web chat' },
  },
};

let lang = localStorage.getItem('griot.inbox.lang') || (navigator.language.startsWith('fr') ? 'fr' : 'en');

export const texts = {
  get lang() {
    return lang;
  },
  set lang(value) {
    lang = TEXTS[value] ? value : 'en';
    localStorage.setItem('griot.inbox.lang', lang);
  },
};

export const t = (key) => TEXTS[lang][key] ?? key;

/** How a contact ended, in words (an agent's own outcome as typed). */
export const endingName = (outcome) => TEXTS[lang].endings[outcome] ?? outcome;

export const channelName = (channel) => TEXTS[lang].channels[channel] ?? channel;

/** `t(key)` with its `{name}` placeholders filled in. */
export const tf = (key, values) => t(key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));

/** An entry of one of the text tables (`days`, `fields`, `callReasons`…), else the key itself. */
export const tOf = (table, key) => TEXTS[lang][table]?.[key] ?? key;

/** Wait as m:ss, or h:mm:ss past an hour. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const rest = `${String(Math.floor((s % 3600) / 60)).padStart(hours ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return hours ? `${hours}:${rest}` : rest;
}

/** Local time of an ISO date, HH:MM. */
export const clock = (iso) => new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });

/** Local date and time of an ISO date. */
export const dateTime = (iso) => new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' });

/** A calendar day (`YYYY-MM-DD`) in words: "vendredi 25 décembre 2026". */
export const longDate = (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
