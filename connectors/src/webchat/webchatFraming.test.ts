import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import { MemoryLedger } from '../messaging/MemoryLedger.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { InterpreterPort } from '../messaging/testing/InterpreterPort.ts';
import { menuFlow } from '../messaging/testing/menuFlow.ts';
import { readWebchatFrameAncestors } from './webchatFrameAncestors.ts';
import { webchatRouter } from './webchatRouter.ts';

/**
 * The web chat is embedded in a frame of the operator's site: WEBCHAT_FRAME_ANCESTORS names
 * which sites may frame it, so another site cannot show the operator's chat as its own.
 */
let server: Server;
let base: string;
beforeAll(async () => {
  const flow = menuFlow(3);
  const port = new InterpreterPort({ [flow.id]: flow }).bind({ id: 'chat-demo', channel: 'webchat', address: 'chat-demo', flowId: flow.id });
  const conversations = new MessagingConversations({ port, bindings: port, ledger: new MemoryLedger(), defaultInactivityMinutes: 30 });
  const frameAncestors = readWebchatFrameAncestors({ WEBCHAT_FRAME_ANCESTORS: ' https://www.operator.bj   https://*.operator.bj ' });
  server = await new Promise((resolve) => {
    const s = express()
      .use(webchatRouter({ conversations, bindings: port, frameAncestors }))
      .listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the sites that may frame the web chat', () => {
  it("are the operator's own when WEBCHAT_FRAME_ANCESTORS names them", async () => {
    const page = await fetch(`${base}/chat/chat-demo`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain('frame-ancestors https://www.operator.bj https://*.operator.bj');
    expect(policy).toContain("default-src 'self'");
  });

  it('are any site by default, and none with an explicit none', () => {
    expect(readWebchatFrameAncestors({})).toBe('*');
    expect(readWebchatFrameAncestors({ WEBCHAT_FRAME_ANCESTORS: '  ' })).toBe('*');
    expect(readWebchatFrameAncestors({ WEBCHAT_FRAME_ANCESTORS: "'none'" })).toBe("'none'");
    expect(readWebchatFrameAncestors({ WEBCHAT_FRAME_ANCESTORS: "'self' https:" })).toBe("'self' https:");
  });

  it('stop the start-up when the value is no list of sources (nothing else gets into the header)', () => {
    for (const wrong of ['https://a.bj; script-src *', 'https://a.bj,https://b.bj', 'www.operator.bj', "'none' https://a.bj", 'javascript:']) {
      expect(() => readWebchatFrameAncestors({ WEBCHAT_FRAME_ANCESTORS: wrong }), wrong).toThrow(ChannelConfigError);
    }
  });
});
