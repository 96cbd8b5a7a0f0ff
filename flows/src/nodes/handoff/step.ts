import type { NodeDefinition } from '../definition.ts';
import type { JsonValue } from '../../interpreter/types.ts';
import { truthy } from '../../expression/index.ts';

export const handoffNode: NodeDefinition<'handoff'> = {
  outputs: (node) => (node.continueOn ? ['continued', 'done', 'unavailable'] : ['done', 'unavailable', 'callback']),
  enter(node, ctx) {
    ctx.say(node.prompt, node.id);
    const plain = { escape: 'none', spellDigits: false } as const;
    const rule = node.priorityRules.find((r) => truthy(ctx.evaluate(r.expression, node.id)));
    // Masked like a transcript: the reason reaches agents, their history and callback requests.
    const reason = ctx.render(node.reason, node.id, plain).redacted;
    const variables: Record<string, JsonValue> = {};
    for (const name of node.context) {
      // Sensitive values (a PUK code, account data) never leave the flow with the contact.
      if (ctx.isSensitive(name)) continue;
      const value = ctx.lookup(name);
      if (value !== undefined) variables[name] = value as JsonValue;
    }
    const s = ctx.session;
    const continueOn = node.continueOn && node.continueOn !== s.channel ? node.continueOn : undefined;
    const written = node.continueMessage?.[s.locale] ?? Object.values(node.continueMessage ?? {})[0];
    const message = continueOn && written ? ctx.render(written, node.id, plain).text : undefined;
    const offerPrompt = ctx.prompt(node.callbackOfferPrompt, node.id);
    ctx.emit({
      type: 'handoff',
      node: node.id,
      // A template filled in as " support" names the queue "support" (its contact, settings and the voice channel's enqueue).
      queue: ctx.render(node.queue, node.id, plain).text.trim(),
      priority: rule?.priority ?? node.priority,
      reason,
      context: {
        callerNumber: s.caller.number,
        locale: s.locale,
        channel: s.channel,
        reason,
        flowId: s.flowId,
        flowVersion: s.flowVersion,
        path: [...s.path],
        variables,
      },
      ...(continueOn ? { continueOn, ...(message ? { message } : {}) } : {}),
      ...(offerPrompt ? { offerPrompt } : {}),
    });
    s.status = 'handoff';
    ctx.waitAt(node.id, 'handoff');
    return { wait: 'handoff' };
  },
  resume(node, ctx, event) {
    if (event.type !== 'handoff') {
      ctx.issue('warning', 'handoff.waiting', `ignored ${event.type} while the contact is with an agent`, node.id);
      return { wait: 'handoff' };
    }
    ctx.session.status = 'active';
    return { output: event.outcome };
  },
  texts: (node) => [
    ...(node.prompt ? [{ field: 'prompt', kind: 'prompt' as const, prompt: node.prompt }] : []),
    // Only a call offers a callback (the voice channel's offer).
    ...(node.callbackOfferPrompt ? [{ field: 'callbackOfferPrompt', kind: 'prompt' as const, prompt: node.callbackOfferPrompt, spokenOnly: true }] : []),
    ...(node.continueMessage ? [{ field: 'continueMessage', kind: 'label' as const, label: node.continueMessage }] : []),
  ],
  templates: (node) => [
    { field: 'queue', template: node.queue },
    { field: 'reason', template: node.reason },
  ],
  expressions: (node) => node.priorityRules.map((r, i) => ({ field: `priorityRules.${i}.expression`, source: r.expression })),
  variableFields: (node) => node.context.map((name, i) => ({ field: `context.${i}`, name, writes: false })),
  waitsForCaller: false,
};
