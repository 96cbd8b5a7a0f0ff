import type { ConversationPort } from './conversationPort.ts';

/**
 * The port from the runtime's conversation engine and its binding look-up: the engine's
 * methods, bound, plus `findBinding`. Keeps the runtime's wiring to one line.
 */
export function conversationPortOf(
  engine: Pick<ConversationPort, 'start' | 'handle' | 'awaitPending' | 'end' | 'keepWaiting'>,
  findBinding: ConversationPort['findBinding'],
): ConversationPort {
  return {
    findBinding,
    start: (input) => engine.start(input),
    handle: (key, event, options) => engine.handle(key, event, options),
    awaitPending: (key, maxWaitMs) => engine.awaitPending(key, maxWaitMs),
    end: (key, reason) => engine.end(key, reason),
    ...(engine.keepWaiting ? { keepWaiting: engine.keepWaiting.bind(engine) } : {}),
  };
}
