import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The import boundaries of the house rules (biome.jsonc, `npm run lint`): `flows` does no I/O and
 * imports no other Griot package, `connectors` never imports the runtime, the designer imports
 * neither the runtime nor the connectors. Probe files are linted with the repository's own
 * configuration, in a scratch copy of the layout, so the real tree is never touched.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIOME = join(ROOT, 'node_modules/@biomejs/biome/bin/biome');

/** Path in the scratch tree → what it imports, and whether the house rules refuse it. */
const PROBES: Record<string, { from: string; refused: boolean; typeOnly?: boolean }> = {
  'flows/src/probe/nodeFs.ts': { from: 'node:fs', refused: true },
  'flows/src/probe/bareFs.ts': { from: 'fs', refused: true },
  'flows/src/probe/express.ts': { from: 'express', refused: true },
  'flows/src/probe/sqlite.ts': { from: 'better-sqlite3', refused: true },
  'flows/src/probe/runtime.ts': { from: '@griot/runtime', refused: true },
  'flows/src/probe/connectorsByPath.ts': { from: '../../../connectors/src/index.ts', refused: true },
  'flows/src/probe/zod.ts': { from: 'zod', refused: false },
  'flows/src/probe/sibling.ts': { from: '../template/template.ts', refused: false },
  // Tests beside the code read their fixtures from disk.
  'flows/src/probe/fixture.test.ts': { from: 'node:fs', refused: false },
  'connectors/src/probe/runtime.ts': { from: '@griot/runtime', refused: true },
  'connectors/src/probe/runtimeType.ts': { from: '@griot/runtime', refused: true, typeOnly: true },
  'connectors/src/probe/runtimeByPath.ts': { from: '../../../runtime/src/store/types.ts', refused: true },
  'connectors/src/probe/designer.ts': { from: '@griot/designer', refused: true },
  'connectors/src/probe/nodeHttp.ts': { from: 'node:http', refused: false },
  'connectors/src/probe/flows.ts': { from: '@griot/flows', refused: false },
  'designer/src/probe/connectors.ts': { from: '@griot/connectors', refused: true },
  'designer/src/probe/connectorsTesting.ts': { from: '@griot/connectors/voice/testing', refused: true },
  'designer/src/probe/runtime.ts': { from: '@griot/runtime', refused: true },
  'designer/src/probe/runtimeByPath.ts': { from: '../../../runtime/src/app.ts', refused: true },
  'designer/src/probe/nodeFs.ts': { from: 'node:fs', refused: true },
  'designer/src/probe/flows.ts': { from: '@griot/flows', refused: false },
  'runtime/src/probe/connectors.ts': { from: '@griot/connectors', refused: false },
};

interface Finding {
  file: string;
  rule: string;
  message: string;
}

let scratch: string;
let findings: Finding[];

/** Biome's GitHub reporter: `::error title=<rule>,file=<path>,line=…::<message>`, one line each. */
function parseGithubReport(output: string): Finding[] {
  return [...output.matchAll(/^::(?:error|warning|notice) title=([^,]+),file=([^,]+),[^:]*::(.*)$/gm)].map(([, rule, file, message]) => ({
    rule: rule!,
    file: relative(scratch, file!),
    message: message!,
  }));
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'griot-boundaries-'));
  await copyFile(join(ROOT, 'biome.jsonc'), join(scratch, 'biome.jsonc'));
  for (const [path, probe] of Object.entries(PROBES)) {
    await mkdir(dirname(join(scratch, path)), { recursive: true });
    const source = probe.typeOnly ? `import type * as target from '${probe.from}';\nexport type Probe = typeof target;\n` : `import * as target from '${probe.from}';\nexport const probe = target;\n`;
    await writeFile(join(scratch, path), source);
  }
  // The scratch tree is no git checkout: its files are found by the configuration alone.
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [BIOME, 'lint', '--vcs-enabled=false', '--reporter=github', '--max-diagnostics=none', '.'], { cwd: scratch }, (error, stdout, stderr) => {
      // Exit 1 is "errors found"; anything else (a configuration Biome refuses) is this test's failure.
      if (error && error.code !== 1) reject(new Error(`biome failed: ${stderr}`));
      else resolve(stdout);
    });
  });
  findings = parseGithubReport(output);
}, 60_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('import boundaries (npm run lint)', () => {
  it('refuses I/O and other Griot packages in flows, the runtime in connectors, and the server packages in the designer', () => {
    const refused = [...new Set(findings.filter((f) => f.rule === 'lint/style/noRestrictedImports').map((f) => f.file))].sort();
    const expected = Object.entries(PROBES)
      .filter(([, p]) => p.refused)
      .map(([path]) => path)
      .sort();
    expect(refused).toEqual(expected);
  });

  it('lets each package import what it may', () => {
    const allowed = Object.entries(PROBES)
      .filter(([, p]) => !p.refused)
      .map(([path]) => path);
    expect(allowed.length).toBeGreaterThan(0);
    expect(findings.filter((f) => allowed.includes(f.file))).toEqual([]);
  });

  it('says why, in the words of the package that refuses', () => {
    const messageFor = (file: string) => findings.find((f) => f.file === file)?.message;
    expect(messageFor('flows/src/probe/nodeFs.ts')).toContain('flows is the flow language: pure, no I/O');
    expect(messageFor('connectors/src/probe/runtime.ts')).toContain('connectors never import the runtime');
    expect(messageFor('designer/src/probe/connectors.ts')).toContain('the designer runs in the browser');
  });
});
