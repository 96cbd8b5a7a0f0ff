import { describe, expect, it } from 'vitest';
import { parsePauseReasons } from './pauseReasons.ts';

describe('GRIOT_PAUSE_REASONS', () => {
  it('reads Label=minutes separated by semicolons, spaces trimmed', () => {
    expect(parsePauseReasons(' Pause courte=15; Formation = 90;')).toEqual([
      { label: 'Pause courte', maxMinutes: 15 },
      { label: 'Formation', maxMinutes: 90 },
    ]);
  });

  it('says what is wrong rather than guess', () => {
    expect(parsePauseReasons('Formation')).toMatch(/Label=minutes/);
    expect(parsePauseReasons('Formation=0')).toMatch(/1 to 1440/);
    expect(parsePauseReasons('Formation=12.5')).toMatch(/whole number/);
    expect(parsePauseReasons('Formation=60;formation=30')).toMatch(/twice/);
    expect(parsePauseReasons(' ; ')).toMatch(/one reason at least/);
    expect(parsePauseReasons('=15')).toMatch(/label/);
  });
});
