import { describe, expect, it } from 'vitest';
import { renderQueueWait } from './renderQueueWait.ts';
import { assertWaitHookAnswer } from './testing/jambonzOracles.ts';
import type { CallState } from './callState.ts';

const state = (over: Partial<CallState> = {}): CallState => ({
  v: 1,
  session: 'voice:CA1',
  locale: 'en',
  defaults: {},
  speak: { locale: 'en', synthesizer: { vendor: 'google', language: 'en-GB' } },
  queue: { name: 'support-en', announceSeconds: 15 },
  ...over,
});

describe('renderQueueWait', () => {
  it("announces the caller's place counting from 1, in their language, then waits", () => {
    const verbs = renderQueueWait({ queuePosition: 2, queueTime: 30, state: state() });
    expect(verbs).toEqual([
      { verb: 'say', text: 'You are number 3 in the queue. Please hold.', synthesizer: { vendor: 'google', language: 'en-GB' } },
      { verb: 'pause', length: 15 },
    ]);
    assertWaitHookAnswer(verbs);
  });

  it('tells the first in line they are next, in French', () => {
    const verbs = renderQueueWait({ queuePosition: 0, queueTime: 2, state: state({ locale: 'fr', speak: { locale: 'fr' } }) });
    expect(verbs[0]).toEqual({ verb: 'say', text: 'Vous êtes le prochain. Un conseiller va vous répondre.' });
    assertWaitHookAnswer(verbs);
  });

  it('plays hold music between announcements when the binding has some', () => {
    const verbs = renderQueueWait({ queuePosition: 1, queueTime: 2, state: state({ queue: { name: 'q', holdMusicUrl: 'https://cdn.operator.bj/hold.mp3' } }) });
    expect(verbs.at(-1)).toEqual({ verb: 'play', url: 'https://cdn.operator.bj/hold.mp3' });
    assertWaitHookAnswer(verbs);
  });

  it('leaves the queue once the longest wait has passed, so the flow takes over', () => {
    const verbs = renderQueueWait({ queuePosition: 4, queueTime: 125, state: state({ queue: { name: 'q', maxWaitSeconds: 120 } }) });
    expect(verbs).toEqual([{ verb: 'leave' }]);
    assertWaitHookAnswer(verbs);
  });

  it('still answers something jambonz accepts without any state', () => {
    const verbs = renderQueueWait({ queuePosition: undefined, queueTime: 0, state: undefined });
    expect(verbs).toEqual([{ verb: 'pause', length: 20 }]);
    assertWaitHookAnswer(verbs);
  });
});
