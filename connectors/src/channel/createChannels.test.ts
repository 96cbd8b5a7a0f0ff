import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { channelCapabilities } from '@griot/flows';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { silentLogger } from './ChannelLogger.ts';
import { channelFactories, createChannels, enabledChannels } from './createChannels.ts';
import type { Channel } from './Channel.ts';
import { ChannelConfigError } from './ChannelConfigError.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The channels GRIOT_CHANNELS names, mounted on a loopback server as the runtime mounts them. */
async function serve(env: Record<string, string>): Promise<{ url: string; channels: Channel[] }> {
  const flow = menuFlow(3);
  const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'chat', channel: 'webchat', address: 'site', flowId: flow.id });
  const channels = createChannels({ env, production: false });
  const router = express.Router();
  const server: Server = createServer(express().use(router));
  for (const channel of channels) {
    channel.mount({ router, server, conversations: port, bindings: port, ledger: new MemoryLedger(), logger: silentLogger, defaultInactivityMinutes: 30 });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const channel of channels) await channel.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, channels };
}

describe('createChannels', () => {
  it('builds every channel when GRIOT_CHANNELS is unset, each with its row of the capabilities table', () => {
    const channels = createChannels({ env: {}, production: false });
    expect(channels.map((c) => c.id)).toEqual(Object.keys(channelFactories));
    for (const channel of channels) expect(channel.capabilities).toBe(channelCapabilities[channel.id]);
  });

  it('builds only the channels GRIOT_CHANNELS names, and refuses an unknown one by name', () => {
    expect(enabledChannels({ GRIOT_CHANNELS: ' webchat, voice ' })).toEqual(['voice', 'webchat']);
    expect(enabledChannels({ GRIOT_CHANNELS: '' })).toEqual(Object.keys(channelFactories));
    expect(() => enabledChannels({ GRIOT_CHANNELS: 'voice,email' })).toThrow('GRIOT_CHANNELS: unknown channel email');
  });

  it("says which of a channel's own settings is wrong", () => {
    const wrong = (env: Record<string, string>) => {
      try {
        createChannels({ env, production: false });
      } catch (error) {
        return error instanceof ChannelConfigError ? error.variable : error;
      }
      return undefined;
    };
    expect(wrong({ WHATSAPP_GRAPH_VERSION: '21' })).toBe('WHATSAPP_GRAPH_VERSION');
    expect(wrong({ JAMBONZ_WS_USERNAME: 'app' })).toBe('JAMBONZ_WS_PASSWORD');
    expect(wrong({ authorityEndpoint: 'login.example' })).toBe('authorityEndpoint');
    expect(wrong({ GRIOT_CHANNELS: 'voice,email' })).toBe('GRIOT_CHANNELS');
  });

  it('mounts the enabled channels only: a disabled channel has no route at all', async () => {
    const { url } = await serve({ GRIOT_CHANNELS: 'webchat' });
    const chat = await fetch(`${url}/chat/chat/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ open: true }) });
    expect(chat.status).toBe(200);
    expect(((await chat.json()) as { replies: unknown[] }).replies.length).toBeGreaterThan(0);
    expect((await fetch(`${url}/whatsapp/webhook`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${url}/jambonz/call`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
