import { useSyncExternalStore } from 'react';

const KEY = 'griot.inbox.contextOpen';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) !== '0';
  } catch {
    return true;
  }
}

let open = typeof window === 'undefined' ? true : read();

/** Whether the contact's context (facts, earlier contacts, the bot part) is unfolded; remembered on this device. */
export function useContextOpen(): [boolean, (open: boolean) => void] {
  const value = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => open,
  );
  return [value, setContextOpen];
}

function setContextOpen(next: boolean): void {
  open = next;
  try {
    localStorage.setItem(KEY, next ? '1' : '0');
  } catch {
    // Without storage the choice lasts for this page.
  }
  for (const listener of listeners) listener();
}
