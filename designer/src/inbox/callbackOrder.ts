import type { CallbackRequest } from '@griot/flows';

/** When a callback is to be made: the time told to the subscriber, else as soon as possible from its request. */
export const callbackWhen = (request: Pick<CallbackRequest, 'callAt' | 'requestedAt'>): string => request.callAt ?? request.requestedAt;

/**
 * The callback list as agents work it: by when to call (`callAt`, else the request's time), the
 * earliest first, and which are due now (still to take, their time come) on the server's clock.
 */
export function callbacksByWhen<T extends Pick<CallbackRequest, 'callAt' | 'requestedAt' | 'status'>>(requests: readonly T[], nowMs: number): Array<{ request: T; due: boolean }> {
  return [...requests]
    .sort((a, b) => Date.parse(callbackWhen(a)) - Date.parse(callbackWhen(b)) || Date.parse(a.requestedAt) - Date.parse(b.requestedAt))
    .map((request) => ({ request, due: request.status === 'pending' && Date.parse(callbackWhen(request)) <= nowMs }));
}
