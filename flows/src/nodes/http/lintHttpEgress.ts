import type { LintContext } from '../../lint/lintContext.ts';
import type { LintIssue } from '../../lint/types.ts';
import { parseTemplate } from '../../template/template.ts';
import type { HttpNode } from './schema.ts';
import { hostAllowed } from './hostAllowed.ts';
import { pathEscape } from './pathEscape.ts';
import { isRoutingHeader } from './routingHeader.ts';
import { literalCredentials } from './literalCredentials.ts';

/** Codes of the issues that mean a secret would reach someone not entitled to it. */
export const SECRET_LEAK_CODES: ReadonlySet<string> = new Set(['secret.outsideBackend', 'secret.notBound']);

/** The request's templates, field by field, as the inspector names them. */
function requestFields(node: HttpNode): Array<{ field: string; template: string }> {
  return [
    { field: 'url', template: node.url },
    ...Object.entries(node.headers).map(([name, template]) => ({ field: `headers.${name}`, template })),
    ...(node.body !== undefined ? [{ field: 'body', template: node.body }] : []),
  ];
}

/** The host of an absolute URL whose host is written out (`https://api.example.com/…`); null otherwise. */
function writtenHost(url: string): string | null {
  const authority = /^https?:\/\/([^/?#\\]*)/i.exec(url.trim())?.[1];
  if (!authority || authority.includes('{{')) return null;
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const host = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:\d*$/, '');
  return host === '' ? null : host.toLowerCase();
}

/**
 * Where an `http` node's request may go, and with which secrets. A secret goes only to a named
 * backend (whose address the operator configures per environment), never to an address written
 * in the flow; with the deployment's rules, only to a backend it is bound to, and absolute URLs
 * only to the allowed hosts.
 */
export function lintHttpEgress(node: HttpNode, context: LintContext = {}): LintIssue[] {
  const issues: LintIssue[] = [];
  const reported = new Set<string>();
  for (const { field, template } of requestFields(node)) {
    for (const part of parseTemplate(template).parts) {
      if (typeof part === 'string' || !part.path.startsWith('secret.')) continue;
      const name = part.path.split('.')[1] ?? '';
      if (!node.backend) {
        issues.push({
          severity: 'error',
          code: 'secret.outsideBackend',
          node: node.id,
          field,
          params: { secret: name },
          message: `${node.id} would send secret ${name} to an address written in the flow: secrets go only to a named backend (set backend, with url as a path under it)`,
        });
        continue;
      }
      const bindings = context.secretBackends;
      if (!bindings || reported.has(name)) continue;
      reported.add(name);
      const binding = Object.hasOwn(bindings, name) ? bindings[name] : undefined;
      if (binding === undefined) {
        issues.push({
          severity: 'error',
          code: 'secret.notConfigured',
          node: node.id,
          field,
          params: { secret: name, backend: node.backend },
          message: `secret ${name} is not configured on this server: the operator lists it in GRIOT_FLOW_SECRETS as ${name}@${node.backend}`,
        });
      } else if (binding !== '*' && !binding.includes(node.backend)) {
        issues.push({
          severity: 'error',
          code: 'secret.notBound',
          node: node.id,
          field,
          params: { secret: name, backend: node.backend, allowed: binding.join(', ') },
          message: `secret ${name} may be sent only to ${binding.length > 0 ? `backend ${binding.join(', ')}` : 'no backend'}, not to ${node.backend}`,
        });
      }
    }
  }
  for (const name of Object.keys(node.headers)) {
    if (!isRoutingHeader(name)) continue;
    issues.push({
      severity: 'error',
      code: 'http.routingHeader',
      node: node.id,
      field: `headers.${name}`,
      params: { header: name },
      message: `${node.id} sets header ${name}, which decides where a request goes or how it is framed: Griot sets it itself, and refuses to send the request`,
    });
  }
  for (const { field, where } of literalCredentials(node)) {
    issues.push({
      severity: 'error',
      code: 'http.literalCredential',
      node: node.id,
      field,
      params: { where },
      message: `${node.id} writes a credential in the flow (${where}), where every reader of the flow, its exports, backups and versions sees it: the operator sets it in the server's environment (GRIOT_FLOW_SECRETS) and the node names it as {{secret.NAME}}`,
    });
  }
  const plainIn = node.backend && context.plainHttpBackends ? (['staging', 'production'] as const).filter((env) => context.plainHttpBackends?.[env].includes(node.backend as string)) : [];
  const secretField =
    plainIn.length > 0 ? requestFields(node).find(({ template }) => parseTemplate(template).parts.some((part) => typeof part !== 'string' && part.path.startsWith('secret.'))) : undefined;
  if (node.backend && secretField) {
    issues.push({
      severity: 'warning',
      code: 'http.plainHttpSecret',
      node: node.id,
      field: secretField.field,
      params: { backend: node.backend, environments: plainIn.join(', ') },
      message: `${node.id} sends a secret to backend ${node.backend}, which this server calls over plain http:// in ${plainIn.join(' and ')}: the secret and the caller's data cross the network in clear (ask the operator for an https:// address)`,
    });
  }
  const lacking = node.backend && context.backendNames ? (['staging', 'production'] as const).filter((env) => !context.backendNames?.[env].includes(node.backend as string)) : [];
  if (node.backend && context.backendNames && lacking.length > 0) {
    const known = [...new Set([...context.backendNames.staging, ...context.backendNames.production])].sort();
    issues.push({
      severity: 'warning',
      code: 'http.unknownBackend',
      node: node.id,
      field: 'backend',
      params: { backend: node.backend, environments: lacking.join(', '), known: known.join(', ') },
      message: `${node.id} calls backend ${node.backend}, which this server does not have in ${lacking.join(' or ')} (its backends: ${known.join(', ') || 'none'}): each call there takes the error output`,
    });
  }
  if (node.backend) {
    // What the editor wrote, with each placeholder standing for a value (values are checked when sent).
    const written = parseTemplate(node.url)
      .parts.map((part) => (typeof part === 'string' ? part : 'value'))
      .join('');
    const climbing = pathEscape(written.replace(/^\/+/, ''));
    if (climbing !== null) {
      issues.push({
        severity: 'error',
        code: 'http.pathEscape',
        node: node.id,
        field: 'url',
        params: { backend: node.backend },
        message: `${node.id}'s URL must be a path under backend ${node.backend}'s address: ${climbing}`,
      });
    }
  }
  const host = node.backend ? null : writtenHost(node.url);
  if (host !== null && context.allowedHosts && !hostAllowed(host, context.allowedHosts)) {
    issues.push({
      severity: 'error',
      code: context.allowedHosts.length === 0 ? 'http.noOutsideHosts' : 'http.hostNotAllowed',
      node: node.id,
      field: 'url',
      params: { host },
      message:
        context.allowedHosts.length === 0
          ? `${node.id} calls ${host} by absolute URL, and this server calls no address outside its named backends: use a backend`
          : `${node.id} calls ${host}, which is not among the hosts this server may call (GRIOT_HTTP_ALLOWED_HOSTS): use a backend or ask the operator`,
    });
  }
  return issues;
}
