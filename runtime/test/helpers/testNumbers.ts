import type { TestServer } from './testServer.ts';

/**
 * Lists `numbers` as testers on the server's voice (or another channel's) binding (as an admin
 * does in Admin → Entry points), so that previews may call the real backends as them and their
 * calls reach staging. Returns the binding's id.
 */
export async function listTestNumbers(server: TestServer, numbers: string[], channel = 'voice'): Promise<string> {
  const bindings = (await server.admin.get('/api/bindings')).body as Array<Record<string, any>>;
  const voice = bindings.find((b) => b.channel === channel);
  if (!voice) throw new Error(`no ${channel} binding to list testers on`);
  const { id, address, flowId, environment, settings } = voice;
  const updated = await server.admin.put(`/api/bindings/${id}`, { channel, address, flowId, environment, settings, testers: numbers.map((number) => ({ number })) });
  if (updated.status !== 200) throw new Error(`could not list test numbers: ${JSON.stringify(updated.body)}`);
  return id as string;
}
