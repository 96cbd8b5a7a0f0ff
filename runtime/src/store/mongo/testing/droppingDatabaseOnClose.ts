import type { MongoStore } from '../MongoStore.ts';

/**
 * The store, closing which also drops its database: the MongoDB contract suite gives each test
 * its own database and drops it as soon as the test is over, rather than letting some sixty pile
 * up on the server until the end of the run.
 */
export function droppingDatabaseOnClose(store: MongoStore): MongoStore {
  const close = store.close.bind(store);
  store.close = async () => {
    try {
      await store.db.dropDatabase();
    } finally {
      await close();
    }
  };
  return store;
}
