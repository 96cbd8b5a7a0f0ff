import { describe, expect, it } from 'vitest';
import { DependencyError } from '../../errors.ts';
import { MongoServerError, MongoServerSelectionError } from 'mongodb';
import { MongoStore, databaseNameOf } from './MongoStore.ts';
import { mongoStartFailure } from './mongoUriShown.ts';

describe('MongoStore without a server', () => {
  it('uses the database named in the URI, else griot', () => {
    expect(databaseNameOf('mongodb://db.example:27017/ivr_prod?replicaSet=rs0')).toBe('ivr_prod');
    expect(databaseNameOf('mongodb+srv://user:p%40ss@cluster0.example.net/griot-bj')).toBe('griot-bj');
    expect(databaseNameOf('mongodb://h1:27017,h2:27017/?replicaSet=rs0')).toBe('griot');
    expect(databaseNameOf('mongodb://localhost')).toBe('griot');
  });

  it('reports an unreachable server as a dependency the operator must fix', async () => {
    const opening = MongoStore.open('mongodb://127.0.0.1:9/griot', { serverSelectionTimeoutMS: 300 });
    await expect(opening).rejects.toBeInstanceOf(DependencyError);
    await expect(opening).rejects.toMatchObject({ reason: 'unavailable', code: 'store_unreachable' });
  });

  it('says which server it could not reach, by host, without the password, the user or the options', async () => {
    const uri = 'mongodb://griot-app:s3cr%3Ft@127.0.0.1:9,127.0.0.1:10/griot?authSource=admin&serverSelectionTimeoutMS=300';
    const started = performance.now();
    const error = (await MongoStore.open(uri).catch((e: unknown) => e)) as Error;
    // The URI's own wait is kept (it was overridden by 10 s).
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error.message).toMatch(/^cannot reach the MongoDB store at mongodb:\/\/…@127\.0\.0\.1:9,127\.0\.0\.1:10\/… within 0\.3 s \(/);
    expect(error.message).not.toMatch(/s3cr|griot-app|authSource/);
  });
});

describe('a MongoDB server that answers but refuses the start', () => {
  it('is said by its code, never with the values its message quotes (a subscriber’s number in a duplicate key)', () => {
    const uri = 'mongodb://griot-app:s3cret@mongo-1:27017/griot?replicaSet=rs0';
    // What createIndex answers over duplicates when an upgrade adds a unique index.
    const duplicate = new MongoServerError({
      ok: 0,
      code: 11000,
      codeName: 'DuplicateKey',
      errmsg: 'Index build failed: E11000 duplicate key error collection: griot.callers index: number_1 dup key: { number: "+2290197000001" }',
    });
    const failure = mongoStartFailure(duplicate, uri, 10_000);
    expect(failure).toMatchObject({ code: 'store_unreachable' });
    expect(failure.message).toBe('the MongoDB store at mongodb://…@mongo-1:27017/… refused the start (MongoServerError DuplicateKey (11000))');
    expect(failure.message).not.toMatch(/0197|E11000|s3cret/);
  });

  it('keeps the driver’s own reason for a server it could not reach (hosts only)', () => {
    const refused = new MongoServerSelectionError('connect ECONNREFUSED 10.0.0.7:27017', { type: 'Unknown', servers: new Map() } as never);
    expect(mongoStartFailure(refused, 'mongodb://u:p@mongo-1:27017/griot', 300).message).toBe(
      'cannot reach the MongoDB store at mongodb://…@mongo-1:27017/… within 0.3 s (connect ECONNREFUSED 10.0.0.7:27017)',
    );
  });
});
