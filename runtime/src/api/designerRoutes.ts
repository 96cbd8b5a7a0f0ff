import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Paths the single-page app must never shadow. */
const SERVER_PATHS = /^\/(api|demo-backend|healthz|readyz|audio|voice|whatsapp|messenger|botframework|webchat)(\/|$)/;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Griot</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Griot is running</h1>
<p>The designer has not been built. From the repository root run</p>
<pre>npm run build -w @griot/designer</pre>
<p>then reload this page (or start with <code>npm start</code>, which builds it first).</p>
<p>The API answers under <a href="/api/openapi.json"><code>/api</code></a>.</p>
</body></html>`;

/**
 * What the designer's pages may load: only their own files, nothing inline or evaluated. Vite
 * builds the scripts into files, so `script-src 'self'` suffices; the API and its event streams
 * are same-origin. Two relaxations, each needed by a feature:
 * - `style-src 'unsafe-inline'`: Mantine writes its theme's CSS variables and its color-scheme
 *   styles into `<style>` tags at run time (no nonce: the page is a static file);
 * - `media-src data:`: a recorded take's captions are a `data:` WebVTT `<track>` (captionsOf.ts);
 *   `blob:` is the take itself, played before it is uploaded.
 */
export const DESIGNER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the designer's built files at `/`, with the single-page-app fallback to index.html
 * for client-side routes; without a build, `/` explains how to make one.
 */
export function createDesignerRoutes(distDir: string): Router {
  const router = Router();
  const index = join(distDir, 'index.html');
  // Its pages act with the user's cookie: no other site may frame them (clickjacking a publish,
  // a user disabled), an injected script does not run, and a file is only ever read as the type
  // it is served as.
  router.use((_req, res, next) => {
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Content-Security-Policy', DESIGNER_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  if (!existsSync(index)) {
    // The agent inbox is a page of the designer too.
    router.get(['/', '/agent'], (_req, res) => {
      res.type('html').send(NOT_BUILT);
    });
    return router;
  }
  router.use(express.static(distDir, { index: 'index.html', maxAge: '1h', setHeaders: (res, path) => path.endsWith('index.html') && res.setHeader('Cache-Control', 'no-cache') }));
  router.get(/.*/, (req, res, next) => {
    if (SERVER_PATHS.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
