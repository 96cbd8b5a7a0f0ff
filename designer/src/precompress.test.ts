import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedConfig } from 'vite';
import { precompress } from '../precompress.ts';

/** The plugin's two hooks, called as Vite calls them at the end of a build. */
async function runPlugin(config: { root: string; outDir: string }) {
  const plugin = precompress();
  const configResolved = plugin.configResolved as (c: ResolvedConfig) => void;
  const closeBundle = plugin.closeBundle as () => Promise<void>;
  configResolved({ root: config.root, build: { outDir: config.outDir } } as ResolvedConfig);
  await closeBundle();
}

describe('the build writes compressed copies beside the designer’s files', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('also when the output folder is given as an absolute path (vite build --outDir /srv/griot/designer)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'griot-precompress-root-'));
    const out = await mkdtemp(join(tmpdir(), 'griot-precompress-out-'));
    made.push(root, out);
    await writeFile(join(out, 'page.js'), `export const text = ${JSON.stringify('Bonjour, '.repeat(300))};`);
    await writeFile(join(out, 'tiny.js'), 'export {};');
    await runPlugin({ root, outDir: out });
    expect((await readdir(out)).sort()).toEqual(['page.js', 'page.js.br', 'page.js.gz', 'tiny.js']);
  });

  it('in the folder named relative to the project', async () => {
    const root = await mkdtemp(join(tmpdir(), 'griot-precompress-root-'));
    made.push(root);
    await mkdir(join(root, 'dist'));
    await writeFile(join(root, 'dist', 'page.css'), `body{}${'.a{color:red}'.repeat(200)}`);
    await runPlugin({ root, outDir: 'dist' });
    expect((await readdir(join(root, 'dist'))).sort()).toEqual(['page.css', 'page.css.br', 'page.css.gz']);
  });
});
