import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';
import type { AppServices } from '../services.ts';
import type { Promoter } from '../flows/promoteVersion.ts';
import { GriotError } from '../errors.ts';
import { messengerConfigured } from '@griot/connectors';
import { DEMO_MESSENGER_PAGE_ID, DEMO_SMS_SHORT_CODE, DEMO_TEST_NUMBER, DEMO_USSD_SERVICE_CODE, DEMO_VOICE_NUMBER, DEMO_WHATSAPP_PHONE_NUMBER_ID, demoTelegramBotId } from './demoDefaults.ts';
import { audioNamesOf, parseFlow, withRowIds, type Flow } from '@griot/flows';
import { toneWav } from '../audio/toneWav.ts';

/** The example a new installation starts with. */
export const DEMO_FLOW_PATH = fileURLToPath(new URL('../../../flows/examples/1919-selfcare.json', import.meta.url));

/** The bundled flow is Griot's own content: the demo seeds it as an admin would. */
const DEMO_ACTOR: Promoter = { username: 'demo', roles: ['admin'] };

export type SeedOutcome = 'seeded' | 'storeNotEmpty' | 'flowMissing';

/**
 * On the first start with an empty store: imports the 1919 self-care flow, publishes it as
 * version 1, promotes it to staging and production and binds the demo voice number, the
 * WhatsApp id, the USSD service code `*919#`, the SMS short code 1919 (when an SMSC is configured), the Telegram bot (when
 * TELEGRAM_BOT_TOKEN is set) and the Facebook Page (when Messenger is configured), all through
 * the ordinary service functions (audited as `demo`), so a new user can call or write to it at once.
 *
 * Two instances starting at once on an empty store may both find no flow: the store's unique
 * flow id lets one create the demo; the other finds it taken, which means seeded (by the first,
 * which goes on to publish and bind it).
 */
export async function seedDemo(services: AppServices, logger: Logger, flowPath = DEMO_FLOW_PATH, env: Record<string, string | undefined> = {}): Promise<SeedOutcome> {
  if ((await services.ctx.store.listFlows()).length > 0) return 'storeNotEmpty';
  let document: unknown;
  try {
    document = JSON.parse(await readFile(flowPath, 'utf8'));
  } catch (error) {
    logger.warn({ path: flowPath, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }, 'demo flow not found or unreadable; starting without demo content');
    return 'flowMissing';
  }
  let created: Awaited<ReturnType<AppServices['flows']['create']>>;
  try {
    // Its test cases and answer mappings stored with the ids every editor gives them from their content (`withRowIds`): the
    // same ids as before, no longer hashed anew (~75 ms in the browser) at each open of a draft nobody has saved since.
    const parsed = parseFlow(document);
    created = await services.flows.create(DEMO_ACTOR, parsed.ok ? withRowIds(parsed.flow) : document);
  } catch (error) {
    if (error instanceof GriotError && (error.code === 'flow_exists' || error.code === 'flow_archived')) {
      logger.info({ flowId: error.context.flowId, createdElsewhere: true }, 'another instance is seeding the demo flow');
      return 'storeNotEmpty';
    }
    throw error;
  }
  const { flow, draft } = created;
  const placeholders = await addPlaceholderAudio(services, draft.document);
  await services.flows.publish(DEMO_ACTOR, flow.id, { message: 'Démo : la ligne self-service 1919' });
  await services.flows.promote(DEMO_ACTOR, flow.id, 'staging', 1);
  try {
    await services.flows.promote(DEMO_ACTOR, flow.id, 'production', 1);
  } catch (error) {
    // The bundled flow's tests should pass; if not, staging still works and the reason is logged.
    if (!(error instanceof GriotError)) throw error;
    logger.warn({ flowId: flow.id, code: error.code, failures: error.body.failures }, 'demo flow not promoted to production');
  }
  const binding = { flowId: flow.id, environment: 'production' as const, testers: [], settings: {} };
  await services.bindings.create(DEMO_ACTOR, { channel: 'voice', address: DEMO_VOICE_NUMBER, ...binding, testers: [{ number: DEMO_TEST_NUMBER }] });
  await services.bindings.create(DEMO_ACTOR, { channel: 'whatsapp', address: DEMO_WHATSAPP_PHONE_NUMBER_ID, ...binding });
  await services.bindings.create(DEMO_ACTOR, { channel: 'ussd', address: DEMO_USSD_SERVICE_CODE, ...binding });
  // SMS short code 1919, when Griot binds to an SMSC.
  if (env.SMPP_URL?.trim()) await services.bindings.create(DEMO_ACTOR, { channel: 'sms', address: DEMO_SMS_SHORT_CODE, ...binding });
  // The configured Telegram bot answers with the demo too.
  const telegram = demoTelegramBotId(env);
  if (telegram) await services.bindings.create(DEMO_ACTOR, { channel: 'telegram', address: telegram, ...binding });
  // Messenger only once it can work (webhooks checked, replies sent): a Page id bound to nothing that answers would mislead.
  const messenger = messengerConfigured(env);
  if (messenger) await services.bindings.create(DEMO_ACTOR, { channel: 'messenger', address: DEMO_MESSENGER_PAGE_ID, ...binding });
  logger.info(
    {
      flowId: flow.id,
      voice: DEMO_VOICE_NUMBER,
      whatsapp: DEMO_WHATSAPP_PHONE_NUMBER_ID,
      ussd: DEMO_USSD_SERVICE_CODE,
      telegram,
      ...(messenger ? { messenger: DEMO_MESSENGER_PAGE_ID } : {}),
      placeholderAudio: placeholders,
    },
    'demo flow seeded (set GRIOT_DEMO=0 to start empty)',
  );
  return 'seeded';
}

/** Every recorded prompt the demo flow names gets a chime until a real recording is uploaded. */
async function addPlaceholderAudio(services: AppServices, flow: Flow): Promise<number> {
  // Every name, a variant's too: production refuses a version naming a file the library does not hold.
  const names = audioNamesOf(flow);
  const chime = toneWav();
  let added = 0;
  for (const name of names) {
    if (await services.audio.exists(flow.id, name)) continue;
    await services.audio.save(flow.id, name, chime);
    added += 1;
  }
  return added;
}
