import { adminGet, type GriotUnderTest } from './ChannelDriver.ts';

/**
 * Waits until Griot has processed (or given up on) an inbound message of a messaging channel:
 * the inbox, through the admin API. Throws when Griot gave up on it, or after 15 s.
 */
export async function inboxSettled(griot: GriotUnderTest, inboxId: string): Promise<void> {
  for (let waited = 0; waited < 15_000; waited += 25) {
    for (const state of ['processed', 'failed']) {
      const listed = await adminGet(griot, `/api/messaging/inbound?state=${state}&limit=1000`);
      const found = (listed.body as { id: string }[]).find((m) => m.id === inboxId);
      if (found && state === 'failed') throw new Error(`Griot gave up on ${inboxId}`);
      if (found) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${inboxId} was not processed`);
}
