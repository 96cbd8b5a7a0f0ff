import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);
const csvStringifyLoaded = () => Object.keys(require.cache).some((file) => file.includes('/csv-stringify/'));

describe('the CSV exports', () => {
  it('load csv-stringify at the first export, not with the routes a server mounts at start', async () => {
    // As a server starting: no module of this worker's earlier files, no csv-stringify loaded.
    vi.resetModules();
    for (const file of Object.keys(require.cache)) if (file.includes('/csv-stringify/')) delete require.cache[file];
    await import('../api/auditRoutes.ts');
    await import('../api/analyticsRoutes.ts');
    expect(csvStringifyLoaded()).toBe(false);
    const { auditCsv } = await import('../audit/auditCsv.ts');
    const csv = auditCsv([{ id: 'a1', at: '2026-03-01T10:00:00.000Z', actor: 'awa', action: 'flow.publish', target: '=flow:x' }]);
    expect(csv).toBe("at,actor,action,target,hash_before,hash_after,details\n2026-03-01T10:00:00.000Z,awa,flow.publish,'=flow:x,,,\n");
    expect(csvStringifyLoaded()).toBe(true);
  });
});
