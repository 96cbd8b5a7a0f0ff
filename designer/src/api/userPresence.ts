/**
 * Whether the person at the screen is there, for the server's idle timeout
 * (GRIOT_LOGIN_IDLE_MINUTES): a request the page makes while nobody has touched it for a minute
 * (a poll, a refresh after a live event) is sent as made by the page (`X-Griot-Background: 1`),
 * and does not keep the session signed in; a session left open on a shared computer then ends.
 * Someone who reads without clicking (an agent following a conversation, moving the mouse) is
 * told to the server by a light request every few minutes. The wall screen holds the session
 * open: it is meant to be left alone.
 */
export const RECENT_INPUT_MS = 60_000;
/** How often, at most, presence with no request of its own is told to the server (well within the timeout's minutes). */
export const PRESENCE_PING_MS = 5 * 60_000;
export const BACKGROUND_HEADER = 'x-griot-background';

const INPUTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function createUserPresence(now: () => number = Date.now) {
  // Opening the page is the user's doing.
  let lastInput = now();
  let lastToldAt = Number.NEGATIVE_INFINITY;
  let holds = 0;
  return {
    /** Whether a request sent now is the user's (and keeps their session): recent input, or a hold. */
    madeByUser(): boolean {
      return holds > 0 || now() - lastInput < RECENT_INPUT_MS;
    },
    /** A request was sent as the user's: the server knows they are there. */
    told(): void {
      lastToldAt = now();
    },
    /** The user touched the page; `ping` is called when the server was not told of them for PRESENCE_PING_MS. */
    input(ping: () => void): void {
      lastInput = now();
      if (now() - lastToldAt >= PRESENCE_PING_MS) {
        lastToldAt = now();
        ping();
      }
    },
    /** Every request counts as the user's until the returned function is called (the wall screen). */
    hold(): () => void {
      holds += 1;
      let released = false;
      return () => {
        if (!released) holds -= 1;
        released = true;
      };
    },
    /** Listens to the page's input (passive listeners); returns the function that stops listening. */
    watch(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, ping: () => void): () => void {
      const listener = () => this.input(ping);
      for (const type of INPUTS) target.addEventListener(type, listener, { passive: true, capture: true });
      return () => {
        for (const type of INPUTS) target.removeEventListener(type, listener, { capture: true });
      };
    },
  };
}

/** The page's own. */
export const userPresence = createUserPresence();
