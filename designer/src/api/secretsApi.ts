import { api } from './client.ts';

/** `GET /api/secrets` (editors and above): the names flows may write as `{{secret.NAME}}`, never a value. */
export interface SecretNames {
  secrets: Array<{ name: string; backends: string[] }>;
}

export const secretsApi = {
  names: () => api<SecretNames>('/api/secrets'),
};
