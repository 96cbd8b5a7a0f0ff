import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const GRIOT = fileURLToPath(new URL('../bin/griot.mjs', import.meta.url));
const run = promisify(execFile);
const tree = mkdtempSync(join(tmpdir(), 'griot-built-only-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

/**
 * The image docs/docker/Dockerfile builds holds each package's dist/ and no src/: an operator's
 * `docker compose exec griot-a node runtime/bin/griot.mjs backup …` must run the built command,
 * not stop on the sources it looks at to tell whether the build is current.
 */
describe('the griot command in a tree holding only the build (the Docker image)', () => {
  beforeAll(() => {
    for (const pkg of ['flows', 'connectors', 'runtime']) mkdirSync(join(tree, pkg, 'dist'), { recursive: true });
    writeFileSync(join(tree, 'flows', 'dist', 'index.js'), '');
    writeFileSync(join(tree, 'connectors', 'dist', 'index.js'), '');
    writeFileSync(join(tree, 'runtime', 'dist', 'index.js'), '');
    mkdirSync(join(tree, 'runtime', 'dist', 'cli'));
    writeFileSync(join(tree, 'runtime', 'dist', 'cli', 'main.js'), "console.log('the built griot command');\n");
    mkdirSync(join(tree, 'runtime', 'bin'));
    copyFileSync(GRIOT, join(tree, 'runtime', 'bin', 'griot.mjs'));
  });

  it('runs the built command line', async () => {
    const { stdout } = await run(process.execPath, [join(tree, 'runtime', 'bin', 'griot.mjs'), '--help'], { env: { PATH: process.env.PATH } });
    expect(stdout).toBe('the built griot command\n');
  });

  it('runs it as `npx griot`, the way Griot’s own messages say, without looking for a package of that name in the registry', async () => {
    // The links the image's last stage makes under its WORKDIR (docs/docker/Dockerfile), made here.
    const dockerfile = readFileSync(new URL('../../docs/docker/Dockerfile', import.meta.url), 'utf8');
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    for (const [, target, link] of lastStage.matchAll(/ln -s (\S+) (node_modules\/\S+)/g)) {
      mkdirSync(join(tree, link!, '..'), { recursive: true });
      symlinkSync(target!, join(tree, link!));
    }
    const { stdout } = await run('npx', ['--no-install', 'griot', '--help'], { cwd: tree, env: { PATH: process.env.PATH, HOME: tree } });
    expect(stdout).toBe('the built griot command\n');
  });
});
