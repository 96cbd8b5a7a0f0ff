import type { reachFr } from './reachFr.ts';

/** Which lines a version reaches, in English. */
export const reachEn: typeof reachFr = {
  title: 'Lines that will serve the version in %{environment}',
  afterPromotion: 'Publishing changes no line yet. Once put in %{environment}, the version will serve:',
  loading: 'Reading the lines…',
  channel: 'Channel',
  line: 'Line',
  takes: 'From',
  changes: 'What changes',
  changesSince: 'What changes (since v%{n})',
  testers_one: 'for %{count} test number',
  testers_other: 'for %{count} test numbers',
  testers: 'for %{count} test numbers',
  when: {
    call: 'next call',
    session: 'next session',
    conversation: 'new conversation (end, or %{minutes} min without a message)',
    conversationDefault: 'new conversation (end, or inactivity)',
  },
  ongoing: 'A call, a USSD session or a conversation in progress finishes on the version it started with.',
  ongoingServer:
    'A call, a USSD session or a conversation in progress finishes on the version it started with; on a line with no inactivity of its own, a conversation starts over after %{minutes} min without a message (this server’s setting).',
  ongoingDefault: 'A call, a USSD session or a conversation in progress finishes on the version it started with; inactivity: as the server is set.',
  unchanged: 'unchanged',
  first: 'first version',
  own_one: '%{count} text changed',
  own_other: '%{count} texts changed',
  own: '%{count} texts changed',
  shared_one: '%{count} change for all channels',
  shared_other: '%{count} changes for all channels',
  shared: '%{count} changes for all channels',
  none: {
    production:
      'No line uses this flow in production yet: the version will be ready but nobody will hear it. An administrator binds a line (number, USSD code, WhatsApp number) to the flow in Administration › Bindings.',
    staging: 'No line nor test number uses this flow in staging: the version will be ready but nobody will hear it (except in the simulator).',
  },
  failed: 'Cannot read the lines concerned: %{message}',
};
