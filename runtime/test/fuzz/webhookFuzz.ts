import type { FuzzFigures } from './fuzzClient.ts';
import type { FuzzSettings } from './fuzzSettings.ts';

export const WEBHOOK_SECRETS = {
  jambonz: 'fuzz-jambonz-webhook-secret',
  wsUsername: 'jambonz-app',
  wsPassword: 'fuzz-ws-password',
  whatsapp: 'fuzz-whatsapp-app-secret',
  whatsappVerify: 'fuzz-verify-token',
} as const;

export async function webhookFuzz(_options: { url: string; settings: FuzzSettings; figures: FuzzFigures; webchatBinding: string }): Promise<void> {}
