import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { runTests, TestCase, type Coverage } from '@griot/flows';
import { formatIssue, readFlowFile } from './readFlowFile.ts';

const CaseFile = z.union([z.array(TestCase), z.object({ tests: z.array(TestCase) }).transform((f) => f.tests)]);

const percent = (c: Coverage) => (c.total === 0 ? 100 : Math.floor((c.covered / c.total) * 1000) / 10);

/** `griot test <flow.json> [cases.json]`: runs the flow's test cases (or the file's), prints coverage. */
export async function testCommand(path: string, casesPath: string | undefined, options: { verbose?: boolean }): Promise<number> {
  const file = await readFlowFile(path);
  if (!file.ok) {
    console.log(`${path} cannot be tested:`);
    file.issues.forEach((i) => console.log(formatIssue(i)));
    return 1;
  }
  let cases = file.flow.tests;
  if (casesPath) {
    const parsed = CaseFile.safeParse(JSON.parse(await readFile(casesPath, 'utf8')));
    if (!parsed.success) {
      console.log(`${casesPath} is not a list of test cases:\n${z.prettifyError(parsed.error)}`);
      return 1;
    }
    cases = parsed.data;
  }
  if (cases.length === 0) {
    console.log(`${path} has no test cases`);
    return 1;
  }
  const report = runTests(file.flow, cases);
  for (const result of report.cases) {
    console.log(`${result.passed ? '✓' : '✗'} ${result.name}`);
    for (const failure of result.failures) console.log(`    ${failure}`);
    if (options.verbose || !result.passed) {
      for (const line of result.transcript) {
        if (line.input) console.log(`      > ${line.input}`);
        for (const p of line.prompts) console.log(`      < ${p.replace(/\s+/g, ' ')}`);
      }
    }
  }
  const { nodes, edges } = report.coverage;
  console.log(`\n${report.passed} passed, ${report.failed} failed`);
  console.log(`coverage: nodes ${nodes.covered}/${nodes.total} (${percent(nodes)}%), edges ${edges.covered}/${edges.total} (${percent(edges)}%)`);
  if (nodes.missing.length > 0) console.log(`  nodes never reached: ${nodes.missing.join(', ')}`);
  if (edges.missing.length > 0) console.log(`  edges never followed: ${edges.missing.join(', ')}`);
  return report.failed > 0 ? 1 : 0;
}
