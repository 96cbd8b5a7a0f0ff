import type { Flow } from '../schema/flow.ts';
import { lintHttpEgress, SECRET_LEAK_CODES } from '../nodes/http/lintHttpEgress.ts';
import type { LintContext } from './lintContext.ts';
import type { LintIssue } from './types.ts';

/**
 * The `http` nodes that would send a secret where it must not go: to an address written in the
 * flow, or (with the deployment's rules) to a backend it is not bound to. What an environment
 * must refuse to run, even in a version published before these rules existed.
 */
export function secretLeaks(flow: Flow, context: LintContext = {}): LintIssue[] {
  return flow.nodes.flatMap((node) => (node.type === 'http' ? lintHttpEgress(node, context).filter((i) => SECRET_LEAK_CODES.has(i.code)) : []));
}
