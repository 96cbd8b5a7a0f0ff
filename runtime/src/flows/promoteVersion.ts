import { lintFlow, lookupNodes, productionBlockers, runTests, type LintIssue } from '@griot/flows';
import type { Actor, ServiceContext } from '../context.ts';
import type { EnvironmentName, EnvironmentPointer, Role } from '../store/types.ts';
import { rolesAllow } from '../auth/roles.ts';
import { BadInputError, conflict, unprocessable } from '../errors.ts';
import { requireVersion } from './flowQueries.ts';
import { refuseSecretLeaks } from './refuseSecretLeaks.ts';
import { vettedAfter, vettedVersions } from './vettedVersions.ts';
import { flowLintContext } from './flowLintContext.ts';

/** Who promotes: their name for the pointer and the audit log, their roles for the staging rule. */
export interface Promoter extends Actor {
  roles: readonly Role[];
}

/** Past this many, the refusal's message names the first ones and says how many more (the body's `issues` hold them all). */
const RECORDINGS_NAMED = 10;

/**
 * What production waits for, each named once for the refusal: a file the flow's recordings do not
 * hold by its name (`fon/bye.wav`, however many prompts play it: one upload brings it to all), a
 * recording still to make by its node and field (`bye prompt.fon`). Returns the first names and
 * how many there are in all.
 */
function missingRecordingsNamed(blockers: readonly LintIssue[]): { named: string[]; count: number } {
  const all = [...new Set(blockers.map((i) => i.params?.file ?? `${i.node ?? ''} ${i.field ?? ''}`.trim()))];
  const named = all.length <= RECORDINGS_NAMED ? all : [...all.slice(0, RECORDINGS_NAMED), `+${all.length - RECORDINGS_NAMED}`];
  return { named, count: all.length };
}

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
 * Points staging or production at a published version. Production refuses (422, with the issues)
 * a version still missing a recording in a language without text-to-speech (staging takes it, so
 * testers can call before the recordings exist), then runs the version's own test cases and
 * refuses (422, with the failing cases) when one fails; either environment
 * refuses a version that would send a secret where it must not go (422). The write is a
 * compare-and-set on the pointer the caller read, so two promotions never interleave.
 *
 * Staging runs with the staging backends, often the operator's live systems, and answers the
 * approved test numbers: a version with a look-up reaches it only when a publisher vetted it
 * (vettedVersions.ts) or a publisher or admin puts it there, and the pointer records that they
 * did. An editor may still point staging at a vetted version or at one that calls no backend;
 * otherwise 403 `staging_needs_publisher`, audited as `environment.promoteRefused`.
 */
export async function promoteVersion(ctx: ServiceContext, actor: Promoter, flowId: string, name: EnvironmentName, number: number): Promise<PromotionResult> {
  const version = await requireVersion(ctx, flowId, number);
  refuseSecretLeaks(ctx, flowId, number, version.document, name);
  const byPublisher = rolesAllow(actor.roles, ['publisher']);
  if (name === 'staging' && !byPublisher) {
    const lookups = lookupNodes(version.document);
    if (lookups.length > 0 && !(await vettedVersions(ctx, flowId)).has(number)) {
      await ctx.audit.record({
        actor: actor.username,
        action: 'environment.promoteRefused',
        target: `flow:${flowId}`,
        hashAfter: version.hash,
        details: { environment: name, version: number, reason: 'stagingNeedsPublisher', lookups },
      });
      throw new BadInputError(
        'forbidden',
        'staging_needs_publisher',
        `version ${number} sends look-ups to the backends (node ${lookups.join(', ')}) and no publisher vetted it: staging calls the staging backends for the test numbers, so a publisher or admin puts it there`,
        { field: 'version', context: { flowId }, params: { version: number, nodes: lookups.join(', '), required: ['publisher'] } },
      );
    }
  }
  let tests: PromotionResult['tests'] = null;
  let note: string | undefined;
  if (name === 'production') {
    // A version tried in staging before its recordings existed (lint `blocks: 'production'`) waits for them here.
    const blockers = productionBlockers(lintFlow(version.document, await flowLintContext(ctx, flowId)));
    // An error a later rule finds in a version published before it (a credential written out,
    // http.literalCredential) is named as what it is, not as a recording to make.
    const errors = blockers.filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      const codes = [...new Set(errors.map((i) => i.code))];
      throw unprocessable('version_lint_errors', `version ${number} has ${errors.length} error(s) (${codes.join(', ')}): publish a corrected version for production; production is unchanged`, {
        context: { flowId },
        params: { count: errors.length, version: number, codes: codes.join(', ') },
        body: { issues: errors },
      });
    }
    if (blockers.length > 0) {
      const { named: recordings, count } = missingRecordingsNamed(blockers);
      throw unprocessable(
        'recordings_missing',
        `version ${number} still lacks ${count} recording(s) (${recordings.join(', ')}): to make in a language without text-to-speech, or named but not in the flow's recordings; production is unchanged`,
        {
          context: { flowId },
          params: { count, version: number, recordings },
          body: { issues: blockers },
        },
      );
    }
    const report = runTests(version.document);
    tests = { total: report.cases.length, passed: report.passed, failed: report.failed };
    if (report.failed > 0) {
      // `problems` say each step's expectation and outcome as data, for the designer to word them.
      const failures = report.cases.filter((c) => !c.passed).map((c) => ({ name: c.name, failures: c.failures, problems: c.problems, ...(c.divergedAt ? { divergedAt: c.divergedAt } : {}) }));
      throw unprocessable('tests_failed', `${report.failed} of ${report.cases.length} test case(s) fail on version ${number}; production is unchanged`, {
        context: { flowId },
        params: { failed: report.failed, total: report.cases.length, version: number },
        body: { failures },
      });
    }
    if (report.cases.length === 0) note = `version ${number} has no test cases: it was promoted without automated checks`;
  }

  const current = await ctx.store.getEnvironment(flowId, name);
  // Already there, and already vetted when vetting it matters: nothing to write.
  if (current?.version === number && (!byPublisher || current.vetted?.includes(number))) return { environment: current, changed: false, tests, ...(note ? { note } : {}) };
  // A publisher vetting the version an editor put there leaves the history as it was.
  const history = !current ? [] : current.version === number ? current.history : [...current.history, current.version].slice(-ENVIRONMENT_HISTORY);
  const pointer: EnvironmentPointer = { flowId, name, version: number, history, updatedAt: ctx.now(), updatedBy: actor.username, vetted: vettedAfter(current, number, byPublisher) };
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
