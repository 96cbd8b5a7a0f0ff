#!/usr/bin/env node
// The image's HEALTHCHECK (docs/docker/Dockerfile): exit 0 when /readyz answers 200 on the address
// the server listens on, 1 otherwise (503 while it drains or its store refuses writes, no answer).
// It reads HOST and PORT as the server does: a server told HOST=10.0.0.5 or HOST=::1 is not on
// 127.0.0.1, and a check asking there would call a healthy container unhealthy. On every address
// (0.0.0.0, `::`, unset: 0.0.0.0) loopback reaches it, as the server's own `url` says.
const host = (process.env.HOST ?? '').trim();
const port = (process.env.PORT ?? '').trim() || '3000';
const asked = host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const url = `http://${asked.includes(':') ? `[${asked}]` : asked}:${port}/readyz`;

try {
  // Docker's own timeout (3 s) kills the check: this one ends first, with a reason on stderr.
  const answer = await fetch(url, { signal: AbortSignal.timeout(2500) });
  if (!answer.ok) console.error(`${url}: HTTP ${answer.status}`);
  process.exit(answer.ok ? 0 : 1);
} catch (error) {
  console.error(`${url}: ${error?.cause?.code ?? error?.name ?? error}`);
  process.exit(1);
}
