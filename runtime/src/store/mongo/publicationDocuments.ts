import type { ClientSession } from 'mongodb';
import type { PublicationRequest, PublicationRequestStore } from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';

const plain = { projection: { _id: 0 } } as const;

/**
 * Publication requests on MongoDB: one document per request (unique `id`). A decision is one
 * `replaceOne` filtered on the status read, so of two publishers acting at once, one wins.
 */
export function createMongoPublicationRequests(c: MongoCollections): PublicationRequestStore & { all(options?: { session?: ClientSession }): Promise<PublicationRequest[]> } {
  return {
    /** Every request, oldest first (backups, inside the backup's snapshot session). */
    all: (options = {}) =>
      c.publicationRequests
        .find<PublicationRequest>({}, { ...plain, ...options })
        .sort({ requestedAt: 1, id: 1 })
        .toArray(),
    async addPublicationRequest(request) {
      await c.publicationRequests.insertOne({ ...request });
    },
    getPublicationRequest: (id) => c.publicationRequests.findOne<PublicationRequest>({ id }, plain),
    listPublicationRequests({ flowId, status, requestedBy, limit }) {
      const filter = {
        ...(flowId !== undefined ? { flowId } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(requestedBy !== undefined ? { requestedBy } : {}),
      };
      return c.publicationRequests.find<PublicationRequest>(filter, plain).sort({ requestedAt: -1, id: -1 }).limit(limit).toArray();
    },
    async updatePublicationRequest(request, expected) {
      return (await c.publicationRequests.replaceOne({ id: request.id, flowId: request.flowId, status: expected.status, updatedAt: expected.updatedAt }, { ...request })).matchedCount === 1;
    },
    async deleteFlowPublicationRequests(flowId) {
      return (await c.publicationRequests.deleteMany({ flowId })).deletedCount;
    },
  };
}
