/** What the gateway says of a session once it is over (Africa's Talking's end-of-session notification). */
export interface EndNoticeFields {
  sessionId: string;
  status: 'Success' | 'Incomplete' | 'Failed' | (string & {});
  serviceCode?: string;
  phoneNumber?: string;
  /** The subscriber's last input: may be a PUK code, which Griot must never log. */
  input?: string;
  /** The last screen Griot answered. */
  lastAppResponse?: string;
  errorMessage?: string;
  hopsCount?: string;
  durationInMillis?: string;
}

/**
 * Posts an end-of-session notification as Africa's Talking does, to the events callback URL
 * (`/ussd/events`, the token in its query): form-encoded, with the fields it always sends (`cost`,
 * `networkCode`…). Answers the status and body Griot gave.
 */
export async function postUssdEnd(baseUrl: string, fields: EndNoticeFields, options: { token?: string } = {}): Promise<{ status: number; body: string }> {
  const query = options.token !== undefined ? `?token=${encodeURIComponent(options.token)}` : '';
  const form = { networkCode: '61603', cost: 'XOF 0.00', durationInMillis: '12840', hopsCount: '3', ...fields };
  const response = await fetch(`${baseUrl}/ussd/events${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString(),
  });
  return { status: response.status, body: await response.text() };
}
