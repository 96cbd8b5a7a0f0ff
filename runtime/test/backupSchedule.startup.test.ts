import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { makeDataDir, startTestServer } from './helpers/testServer.ts';

/** An operator who sets GRIOT_BACKUP_CRON sees at start-up when the next backup will be, in their time zone's terms. */
describe('scheduled backups at start-up', () => {
  it('says when the next backup is due', async () => {
    const lines: Array<{ event?: string; msg: string; next?: string }> = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const server = await startTestServer({
      env: { GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: await makeDataDir(), GRIOT_TIMEZONE: 'Africa/Porto-Novo' },
      start: { logger },
    });
    try {
      const scheduled = lines.find((l) => l.event === 'backup.scheduled');
      // 03:00 in Porto-Novo (UTC+1) is 02:00 UTC, within a day from now.
      expect(scheduled?.next).toMatch(/T02:00:00\.000Z$/);
      expect(Date.parse(scheduled!.next!) - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
      expect(scheduled?.msg).toContain('0 3 * * *, Africa/Porto-Novo');
    } finally {
      await server.stop();
    }
  });
});
