import { describe, expect, it } from 'vitest';
import { createUserPresence, PRESENCE_PING_MS, RECENT_INPUT_MS } from './userPresence.ts';

describe('whether the person at the screen is there (the idle timeout)', () => {
  const setUp = () => {
    const clock = { ms: 1_000_000 };
    const presence = createUserPresence(() => clock.ms);
    let pings = 0;
    const ping = () => {
      pings += 1;
    };
    return { clock, presence, ping, pings: () => pings };
  };

  it('sends a poll made while nobody touched the page as the page’s, and one right after input as the user’s', () => {
    const { clock, presence, ping } = setUp();
    expect(presence.madeByUser()).toBe(true);
    clock.ms += RECENT_INPUT_MS;
    expect(presence.madeByUser()).toBe(false);
    presence.input(ping);
    expect(presence.madeByUser()).toBe(true);
  });

  it('tells the server of someone reading without requests of their own every few minutes, not at every mouse move', () => {
    const { clock, presence, ping, pings } = setUp();
    presence.input(ping);
    expect(pings()).toBe(1);
    for (let s = 0; s < 200; s += 1) {
      clock.ms += 1000;
      presence.input(ping);
    }
    expect(pings()).toBe(1);
    clock.ms += PRESENCE_PING_MS;
    presence.input(ping);
    expect(pings()).toBe(2);
    // A request of theirs told the server already: no ping on top.
    clock.ms += PRESENCE_PING_MS;
    presence.told();
    presence.input(ping);
    expect(pings()).toBe(2);
  });

  it('lets the wall screen hold the session open while it is shown', () => {
    const { clock, presence } = setUp();
    const release = presence.hold();
    clock.ms += 10 * RECENT_INPUT_MS;
    expect(presence.madeByUser()).toBe(true);
    release();
    release();
    expect(presence.madeByUser()).toBe(false);
  });

  it('listens to the page’s input and stops when asked', () => {
    const { clock, presence, ping, pings } = setUp();
    const target = new EventTarget();
    const stop = presence.watch(target as unknown as Window, ping);
    clock.ms += RECENT_INPUT_MS;
    target.dispatchEvent(new Event('keydown'));
    expect(presence.madeByUser()).toBe(true);
    expect(pings()).toBe(1);
    stop();
    clock.ms += PRESENCE_PING_MS + RECENT_INPUT_MS;
    target.dispatchEvent(new Event('pointerdown'));
    expect(presence.madeByUser()).toBe(false);
    expect(pings()).toBe(1);
  });
});
