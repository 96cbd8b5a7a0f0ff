import { signBody } from '../../whatsapp/testing/signBody.ts';

/** POSTs a webhook body the way Meta does: JSON, signed with the app secret over the exact bytes. */
export async function postMessengerWebhook(baseUrl: string, body: unknown, appSecret: string, signature?: string): Promise<Response> {
  const raw = JSON.stringify(body);
  return fetch(`${baseUrl}/messenger/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signBody(appSecret, raw) },
    body: raw,
  });
}
