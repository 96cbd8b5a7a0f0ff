import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import type { ConversationPort } from '@griot/connectors';
import { storeFailuresCounted } from './storeFailuresCounted.ts';

/** MongoDB gone mid-run: the channels' turns fail with the driver's errors, told apart from bugs and counted per channel. */
describe('the engine as channels see it', () => {
  const port = { start: vi.fn(), handle: vi.fn(), awaitPending: vi.fn(), end: vi.fn() } as unknown as ConversationPort;

  it('names a lost MongoDB by the driver error, also wrapped, and counts it for the channel', () => {
    const storeFailure = vi.fn();
    const counted = storeFailuresCounted(port, { storeFailure });
    const lost = new MongoServerSelectionError('Server selection timed out after 300 ms', { type: 'Unknown', servers: new Map() } as never);
    expect(counted.storeFailure?.(lost, 'whatsapp')).toBe('MongoServerSelectionError');
    expect(counted.storeFailure?.(new Error('turn not saved', { cause: new MongoNetworkError('connection 3 to mongo-1:27017 closed') }), 'voice')).toBe('MongoNetworkError');
    expect(storeFailure.mock.calls).toEqual([[{ channel: 'whatsapp', cause: 'MongoServerSelectionError' }], [{ channel: 'voice', cause: 'MongoNetworkError' }]]);
  });

  it('leaves a bug to the channel: not a store failure, not counted', () => {
    const storeFailure = vi.fn();
    expect(storeFailuresCounted(port, { storeFailure }).storeFailure?.(new TypeError("Cannot read properties of undefined (reading 'flowId')"), 'voice')).toBeUndefined();
    expect(storeFailure).not.toHaveBeenCalled();
  });
});
