import type { Document } from 'mongodb';
import type { Binding, EntryRecord, EntryTarget, EnvironmentName } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { bindingOf } from './bindingDocuments.ts';

/** What the aggregation answers, before it becomes an `EntryRecord`. */
interface EntryDocument {
  binding?: Binding;
  flowId: string;
  archivedAt?: string | null;
  flow?: Array<{ archivedAt?: string }>;
  environments: Array<{ name: EnvironmentName; version: number }>;
  versions: Array<{ number: number; hash: string }>;
  draft?: Array<{ hash: string }>;
}

/** Besides the flow, a joined document's `field` must be one of the numbers in `wanted`. */
interface WantedNumbers {
  field: string;
}

/**
 * A `$lookup` of the documents of `from` whose `field` is the entry's flow id (and, with `numbers`,
 * whose number is one of those `wanted`). The join is given twice: as `localField`/`foreignField`,
 * which MongoDB (5.0+) answers from the index, and as the sub-pipeline's `$match`, which keeps
 * the answer right for an array key, and where an evaluator (the tests' in-memory driver) runs
 * the sub-pipeline over every document.
 */
function joinOnFlow(from: string, field: string, as: string, keep: Record<string, 1>, numbers?: WantedNumbers): Document {
  const byFlow = { $eq: [`$${field}`, '$$flowId'] };
  return {
    $lookup: {
      from,
      ...(numbers ? { localField: 'wanted', foreignField: numbers.field } : { localField: 'flowId', foreignField: field }),
      let: numbers ? { flowId: '$flowId', wanted: '$wanted' } : { flowId: '$flowId' },
      pipeline: [{ $match: { $expr: numbers ? { $and: [byFlow, { $in: [`$${numbers.field}`, '$$wanted'] }] } : byFlow } }, { $project: { _id: 0, ...keep } }],
      as,
    },
  };
}

/** Environment pointers, then the hashes of the versions they and `wanted` (the one asked for) name. */
function pointersAndHashes(wanted: Document): Document[] {
  return [
    joinOnFlow('environments', 'flowId', 'environments', { name: 1, version: 1 }),
    { $addFields: { wanted: { $concatArrays: [{ $ifNull: ['$environments.version', []] }, wanted] } } },
    joinOnFlow('versions', 'flowId', 'versions', { number: 1, hash: 1 }, { field: 'number' }),
  ];
}

/**
 * A new contact's entry in one aggregation (one round trip): from the binding (or the flow asked
 * for) to the flow's archive mark, its environment pointers and the hashes of the versions it
 * may run, each joined by an index (`flows.id`, `environments.flowId+name`, `versions.flowId+number`).
 */
export function createMongoEntries(c: MongoCollections) {
  const byBinding = (bindingId: string) =>
    c.bindings
      .aggregate<EntryDocument>([
        { $match: { id: bindingId } },
        { $limit: 1 },
        { $project: { _id: 0 } },
        { $replaceWith: { binding: '$$ROOT', flowId: '$flowId' } },
        joinOnFlow('flows', 'id', 'flow', { archivedAt: 1 }),
        ...pointersAndHashes([]),
      ])
      .toArray();

  const byFlow = (flowId: string, version: number | undefined, draft: boolean) =>
    c.flows
      .aggregate<EntryDocument>([
        { $match: { id: flowId } },
        { $limit: 1 },
        { $replaceWith: { flowId: '$id', archivedAt: { $ifNull: ['$archivedAt', null] } } },
        ...pointersAndHashes(version === undefined ? [] : [version]),
        ...(draft ? [joinOnFlow('drafts', 'flowId', 'draft', { hash: 1 })] : []),
      ])
      .toArray();

  return async (target: EntryTarget): Promise<EntryRecord | null> => {
    const [found] = 'bindingId' in target ? await byBinding(target.bindingId) : await byFlow(target.flowId, target.version, target.draft === true);
    const asked = 'bindingId' in target ? null : target;
    // A flow asked for that is gone: nothing routes to it, nothing can run.
    if (!found) return asked ? { flowId: asked.flowId, environments: {}, versionHashes: {}, ...(asked.draft ? { draftHash: null } : {}) } : null;
    const archivedAt = found.flow ? found.flow[0]?.archivedAt : found.archivedAt;
    return {
      ...(found.binding ? { binding: bindingOf(found.binding) } : {}),
      flowId: found.flowId,
      ...(archivedAt ? { archivedAt } : {}),
      environments: Object.fromEntries(found.environments.map((e) => [e.name, e.version])),
      versionHashes: Object.fromEntries(found.versions.map((v) => [v.number, v.hash])),
      ...(asked?.draft ? { draftHash: found.draft?.[0]?.hash ?? null } : {}),
    };
  };
}
