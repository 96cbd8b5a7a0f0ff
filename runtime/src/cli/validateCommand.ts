import { lintFlow, hasErrors } from '@griot/flows';
import { formatIssue, readFlowFile } from './readFlowFile.ts';

/** `griot validate <flow.json>`: exit 1 when the flow has errors, each issue naming its node. */
export async function validateCommand(path: string): Promise<number> {
  const file = await readFlowFile(path);
  const issues = file.ok ? lintFlow(file.flow) : file.issues;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  console.log(`${path}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  for (const issue of issues) console.log(formatIssue(issue));
  return hasErrors(issues) ? 1 : 0;
}
