import { writtenBy, type NodeDefinition } from '../definition.ts';
import type { JsonValue, WebhookEffect } from '../../interpreter/types.ts';

const REQUEST_TEXT = { keepSecrets: true, spellDigits: false, escape: 'none' } as const;
const REQUEST_URL = { keepSecrets: true, spellDigits: false, escape: 'url' } as const;
const REQUEST_JSON = { keepSecrets: true, spellDigits: false, escape: 'json' } as const;
import { readJsonPath } from './jsonPath.ts';
import { lintHttpEgress } from './lintHttpEgress.ts';
import { overlappingMappings } from './overlappingMappings.ts';

export const httpNode: NodeDefinition<'http'> = {
  outputs: () => ['ok', 'notFound', 'error', 'timeout'],
  enter(node, ctx) {
    // Built property by property: this runs on every look-up, and conditional spreads are slow.
    const headers: Record<string, string> = {};
    for (const name in node.headers) {
      // A header whose name is still being typed is not sent (lint keeps it out of a publication).
      if (name.trim() === '') continue;
      headers[name] = ctx.render(node.headers[name] as string, node.id, REQUEST_TEXT).text;
    }
    const effect: WebhookEffect = {
      type: 'webhook',
      node: node.id,
      method: node.method,
      url: ctx.render(node.url, node.id, REQUEST_URL).text,
      headers,
      timeoutMs: node.timeoutMs,
      retries: node.retries,
    };
    if (node.backend) effect.backend = node.backend;
    if (node.body !== undefined) effect.body = ctx.render(node.body, node.id, REQUEST_JSON).text;
    const waitPrompt = ctx.prompt(node.waitPrompt, node.id);
    if (waitPrompt) effect.waitPrompt = waitPrompt;
    ctx.emit(effect);
    ctx.waitAt(node.id, 'webhook');
    return { wait: 'webhook' };
  },
  resume(node, ctx, event) {
    if (event.type !== 'webhook') {
      // The caller pressed a key during the look-up: keep waiting for the answer.
      ctx.issue('warning', 'http.waiting', `ignored ${event.type} while the look-up runs`, node.id);
      return { wait: 'webhook' };
    }
    if (event.outcome === 'timeout') return { output: 'timeout' };
    if (event.outcome === 'error' || event.status === undefined) return { output: 'error' };
    if (node.notFoundStatuses.includes(event.status)) return { output: 'notFound' };
    if (event.status < 200 || event.status > 299) return { output: 'error' };
    for (const { variable, path } of node.responseMapping) {
      // A row the editor has not finished (only in a draft: lint blocks publishing it).
      if (variable === '' || path === '') continue;
      const value = readJsonPath(event.body, path);
      if (value === undefined) {
        ctx.issue('warning', 'http.mappingMissing', `${path} is not in the response; ${variable} is left unset`, node.id, { path, variable });
        ctx.unsetVar(variable);
      } else {
        ctx.setVar(variable, value as JsonValue);
      }
    }
    return { output: 'ok' };
  },
  texts: (node) => (node.waitPrompt ? [{ field: 'waitPrompt', kind: 'prompt', prompt: node.waitPrompt }] : []),
  templates: (node) => [
    { field: 'url', template: node.url },
    ...Object.entries(node.headers).map(([name, template]) => ({ field: `headers.${name}`, template })),
    ...(node.body !== undefined ? [{ field: 'body', template: node.body }] : []),
  ],
  variableFields: (node) => node.responseMapping.map((m, i) => ({ field: `responseMapping.${i}.variable`, name: m.variable, writes: true })),
  writes: (node) => writtenBy(httpNode.variableFields?.(node) ?? []),
  copies: overlappingMappings,
  // A row still being typed (no variable yet) writes nothing.
  fetches: (node) => node.responseMapping.flatMap((m, i) => (m.variable === '' ? [] : [{ variable: m.variable, field: `responseMapping.${i}` }])),
  lint: lintHttpEgress,
  waitsForCaller: false,
};
