import type { EnvironmentName } from './types.ts';

/**
 * Where a request to publish stands: `pending` until a publisher acts; `approving` once one
 * claimed it (the version is being published and promoted: a retry finishes it, never publishes
 * twice); then `approved`, `refused`, `withdrawn` by its author, or `superseded` by a newer
 * request for the same flow.
 */
export type PublicationRequestStatus = 'pending' | 'approving' | 'approved' | 'refused' | 'withdrawn' | 'superseded';

/** An editor's request that a publisher publish the draft, frozen at the revision they asked about. */
export interface PublicationRequest {
  id: string;
  flowId: string;
  /** The draft revision and content hash asked about: a later save makes the request outdated. */
  draftRevision: number;
  draftHash: string;
  /** Where the version should go once published (at least one). */
  targets: EnvironmentName[];
  comment: string;
  requestedBy: string;
  requestedAt: string;
  status: PublicationRequestStatus;
  updatedAt: string;
  /** Who approved, refused or withdrew it, and when. */
  decidedBy?: string;
  decidedAt?: string;
  /** Why a publisher refused it. */
  reason?: string;
  /** The version the approval published (or found already published from this draft). */
  version?: number;
}

/** What an update expects the stored request to be. */
export interface PublicationRequestExpectation {
  status: PublicationRequestStatus;
  updatedAt: string;
}

/** Which requests a list holds: a flow's, those in one status, those one user made (any combination). */
export interface PublicationRequestFilter {
  flowId?: string;
  status?: PublicationRequestStatus;
  /** Only the requests this user made (filtered by the store, before the limit). */
  requestedBy?: string;
  limit: number;
}

/** The Store's part for publication requests (SQLite table `publication_requests`, MongoDB collection `publicationRequests`). In backups. */
export interface PublicationRequestStore {
  /** Adds a new request (its id is new). */
  addPublicationRequest(request: PublicationRequest): Promise<void>;
  getPublicationRequest(id: string): Promise<PublicationRequest | null>;
  /** Newest first, at most `limit`; one flow's, and/or those in one status, and/or one user's. */
  listPublicationRequests(filter: PublicationRequestFilter): Promise<PublicationRequest[]>;
  /**
   * Replaces the request only while it is still as read: same flow, `expected.status` and
   * `expected.updatedAt` (compare-and-set): of two publishers acting at once, one wins. False
   * when it was not (or is gone).
   */
  updatePublicationRequest(request: PublicationRequest, expected: PublicationRequestExpectation): Promise<boolean>;
  /** Removes a flow's requests (its purge); returns how many. */
  deleteFlowPublicationRequests(flowId: string): Promise<number>;
}
