import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { sharesState } from '../runtime/test/helpers/sharesState.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
/**
 * The units that touch nothing another file would see (no module mock, fake clock, stubbed global
 * such as localStorage, environment: the runtime's `sharesState`, read from each file) share
 * workers that keep their modules (React, Mantine, i18next, the flows package loaded once per
 * worker, not once per file); what one still leaves behind fails it, named, as in the runtime.
 */
const sharedUnits = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .filter((file) => !sharesState(readFileSync(join(root, 'src', file), 'utf8')))
  .map((file) => `src/${file}`);

export default defineConfig({
  // Tests run on the sources of @griot/flows and @griot/connectors (their "griot-source" export).
  ssr: { resolve: { conditions: ['griot-source', ...defaultServerConditions] } },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser scenario polls the page: a busy machine needs more than the default second.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        // The units (no server, no browser) two files at a time: vitest's default on two cores is one.
        // Units first (group 0), then the browser scenarios (group 1): vitest runs projects whose
        // workers differ in groups of their own, and refuses to start without them.
        test: { name: 'unit', include: sharedUnits, isolate: false, setupFiles: ['../runtime/test/helpers/leftBehindSetup.ts'], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'unit-isolated', include: ['src/**/*.test.ts'], exclude: sharedUnits, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // The scenarios in Chromium against the real server, after the units, the designer built once.
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          // The designer built once, and one Chromium per worker every file of that worker connects
          // to (each file's pages in contexts of their own) rather than one launched and closed per file;
          // the demo seeded once, each file's demo server started on a copy of that store.
          globalSetup: ['test/support/buildDesigner.ts', 'test/support/sharedChromium.ts', 'test/support/seededDemo.ts'],
          // One browser scenario at a time: the machine has two cores. (Two at a time, `maxWorkers: 2`
          // here, each worker then with its own Chromium: 599 s → 473 s and 404 s on six files at
          // load 22–30, but one editor page out of its 10 s in the first run, so it is not kept.)
          fileParallelism: false,
          // In workers that keep their modules: the server's sources (the whole runtime) are
          // loaded once per worker, not once per file. Each file starts its own server with its own
          // data directory (a demo one on a copy of the demo seeded once) and changes no environment,
          // global or module.
          isolate: false,
        },
      },
    ],
  },
});
