import type { RequestHandler, Response } from 'express';

/**
 * Every answer under /api may depend on who asks (the session cookie or the bearer token): no
 * shared proxy may keep one, and the browser keeps none for its back button after a logout.
 * `Vary` tells caches that ignore `no-store` which request headers the answer depends on.
 * A route whose answer a client may revalidate with its ETag uses `revalidatePrivately`.
 */
export const privateAnswers: RequestHandler = (_req, res, next) => {
  res.set('cache-control', 'no-store');
  res.vary('Cookie');
  res.vary('Authorization');
  next();
};

/** This answer may be kept by the user's own browser, and must be checked again (ETag, 304) before each use. */
export function revalidatePrivately(res: Response): void {
  res.set('cache-control', 'private, no-cache');
}
