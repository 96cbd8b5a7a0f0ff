import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** What is worth compressing: text. index.html is not (the server writes a nonce in it per page). */
const COMPRESSIBLE = /\.(js|css|svg|json|map|txt|webmanifest)$/;
/** Below a kilobyte the headers cost more than the bytes saved. */
const MIN_BYTES = 1024;

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside each built text file, once, at build: the
 * runtime serves the one the browser accepts (runtime/src/api/designerRoutes.ts) and compresses
 * nothing per request. Node's own zlib, at its best levels (a few seconds for the whole designer).
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'griot-precompress',
    apply: 'build',
    configResolved(config) {
      // `--outDir /srv/griot/designer` is absolute: resolve, not join, or the copies are looked for under the project.
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name));
      await Promise.all(
        files.map(async (entry) => {
          const path = join(entry.parentPath, entry.name);
          const content = await readFile(path);
          if (content.length < MIN_BYTES) return;
          const [br, gz] = await Promise.all([
            brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
            gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
          ]);
          // A copy no smaller than the file would only cost the browser a decoding.
          if (br.length < content.length) await writeFile(`${path}.br`, br);
          if (gz.length < content.length) await writeFile(`${path}.gz`, gz);
        }),
      );
    },
  };
}
