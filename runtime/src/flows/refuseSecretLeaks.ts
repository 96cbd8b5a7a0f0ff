import { secretLeaks, type Flow } from '@griot/flows';
import type { ServiceContext } from '../context.ts';
import { unprocessable } from '../errors.ts';

/**
 * Refuses (422, with the issues) to let an environment run a version whose `http` nodes would
 * send a secret where it must not go: versions published before the rule existed, or before
 * the operator bound the secret to its backends, included.
 */
export function refuseSecretLeaks(ctx: ServiceContext, flowId: string, number: number, document: Flow, environment: string): void {
  const issues = secretLeaks(document, ctx.lintContext);
  if (issues.length === 0) return;
  const nodes = [...new Set(issues.map((i) => i.node))].join(', ');
  throw unprocessable('secret_leak', `version ${number} would send a secret where it must not go (node ${nodes}); ${environment} is unchanged: fix the node and publish a new version`, {
    context: { flowId },
    body: { issues },
    params: { version: number, environment, nodes },
  });
}
