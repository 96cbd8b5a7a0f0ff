import { describe, expect, it } from 'vitest';
import { DependencyError } from '../../errors.ts';
import { MongoStore, databaseNameOf } from './MongoStore.ts';

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
    await expect(opening).rejects.toMatchObject({ reason: 'unavailable', code: 'store_unavailable' });
  });
});
