// on-exit-leak-free 2.1.2 ships no types: the part Griot uses (runtime/src/BatchedLogDestination.ts).
declare module 'on-exit-leak-free' {
  /** Calls `shutdown(object, 'exit')` on the process's `exit` event, unless `object` was garbage-collected first (held weakly). */
  export function register<T extends object>(object: T, shutdown: (object: T, event: 'exit') => void): void;
}
