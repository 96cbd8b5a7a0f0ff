import { describe, expect, it } from 'vitest';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import { readWebchatLimits, webchatBudgets } from './webchatLimits.ts';

describe('web chat limits', () => {
  it('has defaults a visitor never meets, and 0 turns a limit off', () => {
    expect(readWebchatLimits({})).toEqual({ newConversationsPerAddress: 60, messagesPerAddress: 600, messagesPerConversation: 30, pollsPerAddress: 600 });
    const off = readWebchatLimits({ WEBCHAT_MESSAGES_PER_CONVERSATION: '0', WEBCHAT_NEW_CONVERSATIONS_PER_ADDRESS: ' ' });
    expect(off.newConversationsPerAddress).toBe(60);
    expect(webchatBudgets(off, '192.0.2.7', 'chat-1:abc').map((b) => b.name)).toEqual(['address']);
  });

  it('names a wrong variable', () => {
    expect(() => readWebchatLimits({ WEBCHAT_MESSAGES_PER_ADDRESS: 'lots' })).toThrow(ChannelConfigError);
    expect(() => readWebchatLimits({ WEBCHAT_MESSAGES_PER_ADDRESS: '-1' })).toThrow(/WEBCHAT_MESSAGES_PER_ADDRESS/);
  });

  it('counts a conversation by a digest, never by its id (the visitor’s credential)', () => {
    const budgets = webchatBudgets(readWebchatLimits({}), '192.0.2.7', 'chat-1:7f3c2a10-0000-4000-a000-000000000001');
    expect(budgets.map((b) => b.name)).toEqual(['address', 'conversation']);
    expect(JSON.stringify(budgets)).not.toContain('7f3c2a10');
    expect(webchatBudgets(readWebchatLimits({}), '192.0.2.7', undefined).map((b) => b.name)).toEqual(['address', 'address/conversations']);
  });
});
