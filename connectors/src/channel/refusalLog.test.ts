import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushRefusalLogs, REFUSAL_SUMMARY_MS, RefusalLog } from './refusalLog.ts';

describe('RefusalLog', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    flushRefusalLogs();
    vi.useRealTimers();
  });

  function capture() {
    const lines: Array<{ level: string; details: Record<string, unknown>; message: string | undefined }> = [];
    const push = (level: string) => (details: object, message?: string) => void lines.push({ level, details: details as Record<string, unknown>, message });
    return { lines, logger: { info: push('info'), warn: push('warn'), error: push('error'), debug: push('debug') } };
  }

  it('logs the first refusal of each channel and reason, then one line a minute with the count of the others', () => {
    const { lines, logger } = capture();
    const log = new RefusalLog(logger, () => Date.now());
    for (let i = 0; i < 1000; i++) log.refused('whatsapp', 'mismatch', { ip: `192.0.2.${i % 200}` }, 'WhatsApp webhook with a bad signature refused');
    log.refused('whatsapp', 'missing', {}, 'WhatsApp webhook without a signature refused');
    log.refused('telegram', 'notConfigured', {}, 'TELEGRAM_WEBHOOK_SECRET is not set', 'error');
    log.refused('telegram', 'notConfigured', {}, 'TELEGRAM_WEBHOOK_SECRET is not set', 'error');
    expect(lines.map((l) => `${l.level} ${l.details.channel} ${l.details.reason}`)).toEqual(['warn whatsapp mismatch', 'warn whatsapp missing', 'error telegram notConfigured']);
    vi.advanceTimersByTime(REFUSAL_SUMMARY_MS);
    expect(lines.slice(3).map((l) => [l.level, l.details.channel, l.details.reason, l.details.suppressed])).toEqual([
      ['warn', 'whatsapp', 'mismatch', 999],
      ['error', 'telegram', 'notConfigured', 1],
    ]);
    expect(lines[3]!.message).toBe('WhatsApp webhook with a bad signature refused (and 999 more like it not logged one by one)');
    // Another flood within the next minute: one more summary at its end, not a line each.
    for (let i = 0; i < 500; i++) log.refused('whatsapp', 'mismatch', {}, 'WhatsApp webhook with a bad signature refused');
    expect(lines).toHaveLength(5);
    vi.advanceTimersByTime(REFUSAL_SUMMARY_MS);
    expect(lines.slice(5).map((l) => l.details.suppressed)).toEqual([500]);
    // Quiet for a minute: the next refusal is written in full again.
    vi.advanceTimersByTime(REFUSAL_SUMMARY_MS);
    log.refused('whatsapp', 'mismatch', { ip: '198.51.100.7' }, 'WhatsApp webhook with a bad signature refused');
    expect(lines.at(-1)!.details).toEqual({ channel: 'whatsapp', reason: 'mismatch', ip: '198.51.100.7' });
  });

  it('writes the counts still waiting when flushed (the server stopping)', () => {
    const { lines, logger } = capture();
    const log = new RefusalLog(logger, () => Date.now());
    for (let i = 0; i < 3; i++) log.refused('ussd', 'badToken', {}, 'USSD callback refused');
    flushRefusalLogs();
    expect(lines.map((l) => l.details.suppressed)).toEqual([undefined, 2]);
    vi.advanceTimersByTime(REFUSAL_SUMMARY_MS);
    expect(lines).toHaveLength(2);
  });
});
