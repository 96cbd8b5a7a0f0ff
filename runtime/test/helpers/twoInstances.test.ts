import { describe, expect, it } from 'vitest';
import { withDatabase } from './twoInstances.ts';

describe('the two-instance harness on MongoDB', () => {
  it('gives both instances a database of their own on the server MONGODB_URI names, keeping hosts, credentials and options', () => {
    expect(withDatabase('mongodb://localhost:27017', 'griot_two_1')).toBe('mongodb://localhost:27017/griot_two_1');
    expect(withDatabase('mongodb://u:p@h1:27017,h2:27017/griot?replicaSet=rs0', 'griot_two_1')).toBe('mongodb://u:p@h1:27017,h2:27017/griot_two_1?replicaSet=rs0');
    expect(withDatabase('mongodb+srv://cluster.example.net/?retryWrites=true', 'x')).toBe('mongodb+srv://cluster.example.net/x?retryWrites=true');
    expect(() => withDatabase('postgres://h/db', 'x')).toThrow('MONGODB_URI');
  });
});
