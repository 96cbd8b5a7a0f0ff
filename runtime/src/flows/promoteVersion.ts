import { runTests } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import type { EnvironmentName, EnvironmentPointer } from '../store/types.ts';
import { conflict, unprocessable } from '../errors.ts';
import { requireVersion } from './flowQueries.ts';
import { refuseSecretLeaks } from './refuseSecretLeaks.ts';

/** How many earlier versions an environment remembers for roll-back. */
export const ENVIRONMENT_HISTORY = 50;

export interface PromotionResult {
  environment: EnvironmentPointer;
  /** False when the environment already ran this version. */
  changed: boolean;
  /** Test cases run before a production promotion; null for staging. */
  tests: { total: number; passed: number; failed: number } | null;
  /** Said when production was reached without any test case to check it. */
  note?: string;
}

/**
 * Points staging or production at a published version. Production first runs the version's
 * own test cases and refuses (422, with the failing cases) when one fails; either environment
 * refuses a version that would send a secret where it must not go (422). The write is a
 * compare-and-set on the pointer the caller read, so two promotions never interleave.
 */
export async function promoteVersion(ctx: ServiceContext, actor: Actor, flowId: string, name: EnvironmentName, number: number): Promise<PromotionResult> {
  const version = await requireVersion(ctx, flowId, number);
  refuseSecretLeaks(ctx, flowId, number, version.document, name);
  let tests: PromotionResult['tests'] = null;
  let note: string | undefined;
  if (name === 'production') {
    const report = runTests(version.document);
    tests = { total: report.cases.length, passed: report.passed, failed: report.failed };
    if (report.failed > 0) {
      const failures = report.cases.filter((c) => !c.passed).map((c) => ({ name: c.name, failures: c.failures }));
      throw unprocessable('tests_failed', `${report.failed} of ${report.cases.length} test case(s) fail on version ${number}; production is unchanged`, {
        context: { flowId },
        params: { failed: report.failed, total: report.cases.length, version: number },
        body: { failures },
      });
    }
    if (report.cases.length === 0) note = `version ${number} has no test cases: it was promoted without automated checks`;
  }

  const current = await ctx.store.getEnvironment(flowId, name);
  if (current?.version === number) return { environment: current, changed: false, tests, ...(note ? { note } : {}) };
  const history = current ? [...current.history, current.version].slice(-ENVIRONMENT_HISTORY) : [];
  const pointer: EnvironmentPointer = { flowId, name, version: number, history, updatedAt: ctx.now(), updatedBy: actor.username };
  const result = await ctx.store.setEnvironment(flowId, name, current?.version ?? null, pointer);
  if (!result.ok) {
    throw conflict('environment_changed', `${name} changed while promoting (now version ${result.current?.version ?? 'none'}); try again`, {
      context: { flowId },
      params: { environment: name, version: result.current?.version ?? null },
    });
  }
  const previous = current ? await ctx.store.getVersion(flowId, current.version) : null;
  await ctx.audit.record({
    actor: actor.username,
    action: 'environment.promote',
    target: `flow:${flowId}`,
    hashBefore: previous?.hash,
    hashAfter: version.hash,
    details: { environment: name, from: current?.version ?? null, to: number, ...(tests ? { tests } : {}) },
  });
  return { environment: result.pointer, changed: true, tests, ...(note ? { note } : {}) };
}
