import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import type { ConversationPort } from '@griot/connectors';
import type { Store } from '../store/types.ts';
import { ConversationService } from './ConversationService.ts';
import { captureLogs } from './testSupport.ts';

/** The engine as channels see it (no store reached: telling a failure apart reads only the error). */
function engineCounting(storeFailure: (failure: { channel: string; cause: string }) => void): ConversationPort {
  return new ConversationService({
    store: {} as Store,
    logger: captureLogs().logger,
    clock: () => new Date(),
    sessionTtlMinutes: 30,
    defaultRegion: 'BJ',
    webhookTargetFor: () => ({ backends: [], secret: undefined }) as never,
    metrics: { storeFailure },
  });
}

/** MongoDB gone mid-run: the channels' turns fail with the driver's errors, told apart from bugs and counted per channel. */
describe('the engine as channels see it', () => {
  it('names a lost MongoDB by the driver error, also wrapped, and counts it for the channel', () => {
    const storeFailure = vi.fn();
    const counted = engineCounting(storeFailure);
    const lost = new MongoServerSelectionError('Server selection timed out after 300 ms', { type: 'Unknown', servers: new Map() } as never);
    expect(counted.storeFailure?.(lost, 'whatsapp')).toBe('MongoServerSelectionError');
    expect(counted.storeFailure?.(new Error('turn not saved', { cause: new MongoNetworkError('connection 3 to mongo-1:27017 closed') }), 'voice')).toBe('MongoNetworkError');
    expect(storeFailure.mock.calls).toEqual([[{ channel: 'whatsapp', cause: 'MongoServerSelectionError' }], [{ channel: 'voice', cause: 'MongoNetworkError' }]]);
  });

  it('leaves a bug to the channel: not a store failure, not counted', () => {
    const storeFailure = vi.fn();
    expect(engineCounting(storeFailure).storeFailure?.(new TypeError("Cannot read properties of undefined (reading 'flowId')"), 'voice')).toBeUndefined();
    expect(storeFailure).not.toHaveBeenCalled();
  });
});
