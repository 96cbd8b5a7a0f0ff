import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { logKeyOf } from './logKey.ts';
import { agentDigest } from '../handoff/contactForAgents.ts';
import { inboundForReaders } from '../api/inboundForReaders.ts';

describe('logKeyOf', () => {
  it('shows no subscriber number, and the same digest for the same number', () => {
    const shown = logKeyOf('whatsapp:2290197000001');
    expect(shown).not.toContain('2290197000001');
    expect(shown).toMatch(/^whatsapp:#[0-9a-f]{10}$/);
    expect(logKeyOf('whatsapp:2290197000001')).toBe(shown);
    expect(logKeyOf('whatsapp:2290197000002')).not.toBe(shown);
    // Keyed: a plain hash of the number would give it back to whoever hashes every number.
    for (const text of ['2290197000001', '+2290197000001']) expect(createHash('sha256').update(text).digest('hex')).not.toContain(shown.slice('whatsapp:#'.length));
  });

  it("keeps a call's sid whole, the id ops search the logs by, even where its last part holds six digits in a row", () => {
    const sid = '0ab0f459-67d9-49fc-9719-89aebd123456';
    expect(logKeyOf(`voice:${sid}`)).toBe(`voice:${sid}`);
    expect(logKeyOf('voice:CA-0197000001')).toMatch(/^voice:CA-#[0-9a-f]{10}$/);
  });

  it("shows no part of a web chat visitor's conversation id, whoever reads the logs could continue it", () => {
    const id = 'b3c1f0aa-7d2e-4c1b-9f3e-abcdefabcdef';
    const shown = logKeyOf(`webchat:${id}`);
    expect(shown).toMatch(/^webchat:#[0-9a-f]{12}$/);
    for (const part of id.split('-')) expect(shown).not.toContain(part);
    expect(logKeyOf(`webchat:${id}`)).toBe(shown);
  });

  it('shows a web chat visitor by the digest transcripts and the agents’ inbox show, so the log of one conversation can be found from them', () => {
    const id = 'b3c1f0aa-7d2e-4c1b-9f3e-abcdefabcdef';
    // The caller "number" a web chat conversation keeps: `webchat:` and the id's beginning.
    const shown = logKeyOf(`webchat:site-1:${id}`);
    expect(shown).toBe(`webchat:site-1:${agentDigest(`webchat:${id}`.slice(0, 32))}`);
    expect(inboundForReaders({ channel: 'webchat', id: `webchat:site-1:${id}:m1`, conversationKey: `webchat:site-1:${id}` }).conversationKey).toBe(shown);
    for (const part of id.split('-')) expect(shown).not.toContain(part);
  });

  it('keeps a key with no number or credential as it is', () => {
    expect(logKeyOf('voice:5f2c-call')).toBe('voice:5f2c-call');
  });
});
