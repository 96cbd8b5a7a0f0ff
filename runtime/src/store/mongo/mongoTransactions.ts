import type { ClientSession, MongoClient } from 'mongodb';

/**
 * Runs a unit of work in one multi-document transaction when the server has them (a replica
 * set), else as it is, each write on its own: the work must then be ordered and idempotent so
 * an interruption leaves nothing a reader would misread, and a retry applies nothing twice.
 * Errors thrown inside abort the transaction and come out as they are.
 */
export interface MongoUnitOfWork {
  readonly transactions: boolean;
  run<T>(work: (session: ClientSession | undefined) => Promise<T>): Promise<T>;
}

export function unitOfWork(client: Pick<MongoClient, 'withSession'> | null, transactions: boolean): MongoUnitOfWork {
  return {
    transactions: transactions && client !== null,
    run<T>(work: (session: ClientSession | undefined) => Promise<T>): Promise<T> {
      if (!transactions || !client) return work(undefined);
      // withTransaction runs `work` again on a transient error (a write conflict with another
      // instance): it must re-read what it decides on, as ours do (filters, not earlier reads).
      return client.withSession((session) => session.withTransaction(() => work(session), { writeConcern: { w: 'majority' } }));
    },
  };
}

/** `{ session }` when there is one, for a driver call's options. */
export const inSession = (session: ClientSession | undefined) => (session ? { session } : {});
