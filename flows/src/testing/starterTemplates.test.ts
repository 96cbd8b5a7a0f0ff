import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../lint/parseFlow.ts';
import { lintFlow } from '../lint/lintFlow.ts';
import { runTests } from './runTests.ts';

const DIR = new URL('../../examples/templates/', import.meta.url);
const templates = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

/**
 * The starter templates the designer offers for a new flow: each parses, has no lint issue at
 * all, and its own scripted conversations pass and walk every node and every link, so a flow
 * made from one can be published and promoted at once.
 */
describe('starter templates (flows/examples/templates)', () => {
  it('are the three the designer offers', () => {
    expect(templates).toEqual(['after-hours.json', 'self-care.json', 'survey.json']);
  });

  it.each(templates)('%s lints clean and its tests pass, covering every node and link', (file) => {
    const parsed = parseFlow(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const flow = parsed.flow;
    expect(flow.id).toBe(file.replace(/\.json$/, ''));
    // Clean but for the notice that a prompt reads a sensitive value (self-care's balance: account data).
    const issues = lintFlow(flow);
    expect(issues.filter((i) => i.code !== 'prompt.sensitive')).toEqual([]);
    expect(issues.map((i) => `${i.node}: ${i.message}`)).toEqual(
      file === 'self-care.json'
        ? ['readBalance shows sensitive balance to the caller: it is masked in transcripts and logs', 'readBalance shows sensitive data to the caller: it is masked in transcripts and logs'].map(
            (m) => `readBalance: ${m}`,
          )
        : [],
    );
    expect(flow.locales.map((l) => l.code)).toEqual(['fr', 'en']);
    const report = runTests(flow);
    expect(report.cases.filter((c) => !c.passed).map((c) => `${c.name}: ${c.failures.join('; ')}`)).toEqual([]);
    expect(report.coverage.nodes.missing).toEqual([]);
    expect(report.coverage.edges.missing).toEqual([]);
  });
});
