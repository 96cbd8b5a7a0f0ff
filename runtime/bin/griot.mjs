#!/usr/bin/env node
// The griot command. On a built tree (`npm start` and `npm run build` compile flows, connectors
// and runtime to dist/) it runs the compiled JavaScript with plain node: no TypeScript loader in
// memory, a fast start. When something was never built, or a source is newer than its build (a
// developer editing, a checkout), it runs the TypeScript sources through tsx instead, so it never
// runs code older than what is on disk.
import { readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';

const root = new URL('../../', import.meta.url);

/** Last change under a package's src/ (tests excluded: they are not built); 0 without sources (an image holding only the build, docs/docker/Dockerfile). */
function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (error?.code === 'ENOENT') return 0;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}

/** When the package's build wrote its entry point; -1 when it was never built. */
function builtAt(pkg) {
  try {
    return statSync(new URL(`${pkg}/dist/index.js`, root)).mtimeMs;
  } catch {
    return -1;
  }
}

const built = ['flows', 'connectors', 'runtime'].every((pkg) => builtAt(pkg) >= newestSource(new URL(`${pkg}/src/`, root)));

if (built) {
  await import('../dist/cli/main.js');
} else {
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  // Other @griot packages resolve to their TypeScript sources too (their "griot-source" export).
  register('./sourceCondition.mjs', import.meta.url);
  await import('../src/cli/main.ts');
}
