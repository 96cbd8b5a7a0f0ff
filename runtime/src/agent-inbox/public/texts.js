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

/** Wait as m:ss, or h:mm:ss past an hour. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const rest = `${String(Math.floor((s % 3600) / 60)).padStart(hours ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return hours ? `${hours}:${rest}` : rest;
}

/** Local time of an ISO date, HH:MM. */
export const clock = (iso) => new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
