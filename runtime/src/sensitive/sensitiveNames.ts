import { sensitivityOf, type Flow } from '@griot/flows';

/**
 * The variables of a flow that hold sensitive values: declared `sensitive`, and copies of them
 * (`set pukCopy = puk`), which lint refuses to remember but a stored version may still make.
 * Per parsed flow document (cached: asked on every turn).
 */
export function sensitiveNamesOf(flow: Flow): ReadonlySet<string> {
  return sensitivityOf(flow).names;
}
