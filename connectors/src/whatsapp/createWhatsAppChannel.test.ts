import express from 'express';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel, ChannelHost } from '../channel/Channel.ts';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { createWhatsAppChannel } from './createWhatsAppChannel.ts';

/** What the operator reads in the start-up log when the channel mounts with `env`. */
function mountWith(env: Record<string, string>, mounted: Channel[]): string[] {
  const warnings: string[] = [];
  const flow = menuFlow();
  const port = new InterpreterPort({ [flow.id]: flow });
  const channel = createWhatsAppChannel({ env, production: false });
  const host = {
    router: express.Router(),
    server: {} as Server,
    conversations: port,
    bindings: port,
    ledger: new MemoryLedger(),
    logger: { info() {}, debug() {}, error() {}, warn: (_details: object, message?: string) => warnings.push(message ?? '') },
    defaultInactivityMinutes: 30,
  } satisfies ChannelHost;
  channel.mount(host);
  mounted.push(channel);
  return warnings;
}

describe('the WhatsApp channel at start-up', () => {
  const mounted: Channel[] = [];
  afterEach(async () => {
    await Promise.all(mounted.splice(0).map((c) => c.close()));
  });

  it('says in one line, naming what to set, that every webhook is refused without WHATSAPP_APP_SECRET', () => {
    const warnings = mountWith({}, mounted);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('WHATSAPP_APP_SECRET');
    expect(warnings[0]).toContain('403');
    expect(warnings[0]).toContain('simulator');
    expect(warnings[0]).not.toContain('\n');
  });

  it('says nothing of it once the secret is set', () => {
    expect(mountWith({ WHATSAPP_APP_SECRET: 'app-secret' }, mounted)).toEqual([]);
  });
});
