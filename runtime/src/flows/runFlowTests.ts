import { runTests, type TestReport } from '@griot/flows';
import type { ServiceContext } from '../context.ts';
import { resolveDocument } from './flowQueries.ts';
import { toSource, type VersionRef } from './diffFlow.ts';

/** Plays the test cases stored in a version (or the draft) against that same document. */
export async function runFlowTests(ctx: ServiceContext, flowId: string, ref: VersionRef): Promise<TestReport> {
  const { document } = await resolveDocument(ctx, flowId, toSource(ref));
  return runTests(document);
}
