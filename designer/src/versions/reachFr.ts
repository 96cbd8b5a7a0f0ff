/** Which lines a version reaches, when, and what changes there (under `reach` in the designer's dictionary). */
export const reachFr = {
  title: 'Lignes qui serviront la version en %{environment}',
  afterPromotion: 'Publier ne change encore aucune ligne. Une fois mise en %{environment}, la version servira :',
  loading: 'Lecture des lignes…',
  channel: 'Canal',
  line: 'Ligne',
  takes: 'À partir de',
  changes: 'Ce qui change',
  changesSince: 'Ce qui change (depuis v%{n})',
  testers_one: 'pour %{count} numéro de test',
  testers_other: 'pour %{count} numéros de test',
  testers: 'pour %{count} numéros de test',
  when: {
    call: 'prochain appel',
    session: 'prochaine session',
    conversation: 'nouvelle conversation (fin, ou %{minutes} min sans message)',
    conversationDefault: 'nouvelle conversation (fin, ou inactivité)',
  },
  ongoing: 'Un appel, une session USSD ou une conversation en cours finit sur la version où il a commencé.',
  ongoingServer:
    'Un appel, une session USSD ou une conversation en cours finit sur la version où il a commencé ; sur une ligne sans inactivité réglée, une conversation recommence après %{minutes} min sans message (réglage de ce serveur).',
  ongoingDefault: 'Un appel, une session USSD ou une conversation en cours finit sur la version où il a commencé ; inactivité : selon le réglage du serveur.',
  unchanged: 'inchangé',
  first: 'première version',
  own_one: '%{count} texte modifié',
  own_other: '%{count} textes modifiés',
  own: '%{count} textes modifiés',
  shared_one: '%{count} changement pour tous les canaux',
  shared_other: '%{count} changements pour tous les canaux',
  shared: '%{count} changements pour tous les canaux',
  none: {
    production:
      'Aucune ligne n’utilise encore ce parcours en production : la version sera prête mais personne ne l’entendra. Un administrateur relie une ligne (numéro, code USSD, numéro WhatsApp) au parcours dans Administration › Raccordements.',
    staging: 'Aucune ligne ni aucun numéro de test n’utilise ce parcours en préproduction : la version sera prête mais personne ne l’entendra (sauf dans le simulateur).',
  },
  failed: 'Lignes concernées illisibles : %{message}',
};
