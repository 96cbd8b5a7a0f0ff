/**
 * What the Graph API refuses in a `POST /<phone_number_id>/messages` body, per Meta's message
 * reference: the fake Graph server answers these with a 400 as Meta does, so a test fails when
 * Griot sends something over a limit. Lengths are counted as JavaScript string lengths (never
 * fewer than Meta's characters).
 */
export function validateGraphMessage(body: unknown, knownMedia: (id: string) => boolean = () => false): string | undefined {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const b = body as Record<string, any>;
  if (b.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  const addressProblem = validateAddress(b);
  if (addressProblem) return addressProblem;
  if (b.biz_opaque_callback_data !== undefined && String(b.biz_opaque_callback_data).length > 512) return 'biz_opaque_callback_data is longer than 512';
  const len = (v: unknown) => (typeof v === 'string' ? v.length : -1);
  const within = (v: unknown, min: number, max: number) => len(v) >= min && len(v) <= max;
  switch (b.type) {
    case 'text':
      return within(b.text?.body, 1, 4096) ? undefined : 'Message text length invalid. Min length: 1, Max length: 4096';
    case 'audio':
      // An uploaded file's id (`POST /<phone_number_id>/media`), or a link Meta fetches.
      if (typeof b.audio?.id === 'string') return knownMedia(b.audio.id) ? undefined : `Param audio['id'] is not a valid whatsapp business account media attachment ID`;
      return typeof b.audio?.link === 'string' && /^https?:\/\//.test(b.audio.link) ? undefined : 'audio needs an uploaded media id or an http(s) link';
    case 'template':
      return within(b.template?.name, 1, 512) && within(b.template?.language?.code, 2, 15) ? undefined : 'template name and language.code are required';
    case 'interactive':
      return validateInteractive(b.interactive, within);
    default:
      return `unsupported message type ${String(b.type)}`;
  }
}

/** A WhatsApp user id (business-scoped user id): `US.13491208655302741918`, or a parent one `US.ENT.…`. */
const USER_ID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
const PHONE = /^\+?[0-9]{5,20}$/;

/**
 * Who the message goes to: a phone number in `to`, or, for a user who hides their number behind
 * a username, their user id in `recipient` (Meta's business-scoped user ids; `to` wins when both
 * are given). Graph answers a user id put in `to` with 200 and a message id, then delivers
 * nothing: the fake refuses it, so a test sees the mistake.
 */
function validateAddress(b: Record<string, any>): string | undefined {
  if (b.recipient_type !== undefined && b.recipient_type !== 'individual' && b.recipient_type !== 'group') return 'recipient_type must be individual or group';
  if (b.to !== undefined) {
    if (typeof b.to === 'string' && USER_ID.test(b.to)) return 'to holds a user id: send it as recipient (Graph would drop the message silently)';
    return typeof b.to === 'string' && PHONE.test(b.to) ? undefined : 'to must be a phone number';
  }
  if (b.recipient !== undefined) return typeof b.recipient === 'string' && USER_ID.test(b.recipient) ? undefined : 'recipient must be a WhatsApp user id (CC.<id>)';
  return 'to or recipient is required';
}

function validateInteractive(i: any, within: (v: unknown, min: number, max: number) => boolean): string | undefined {
  if (!i || typeof i !== 'object') return 'interactive is required';
  if (i.header?.text !== undefined && !within(i.header.text, 1, 60)) return 'Header text length invalid. Max length: 60';
  if (i.footer?.text !== undefined && !within(i.footer.text, 1, 60)) return 'Footer text length invalid. Max length: 60';
  if (i.type === 'button') {
    if (!within(i.body?.text, 1, 1024)) return 'Body text length invalid. Min length: 1, Max length: 1024';
    const buttons = i.action?.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'Buttons count invalid. Min: 1, Max: 3';
    for (const button of buttons) {
      if (button?.type !== 'reply') return 'button type must be reply';
      if (!within(button.reply?.id, 1, 256)) return 'Button id length invalid. Min length: 1, Max length: 256';
      if (!within(button.reply?.title, 1, 20)) return 'Button title length invalid. Min length: 1, Max length: 20';
    }
    if (new Set(buttons.map((x: any) => x.reply.title)).size !== buttons.length) return 'Button title is not unique';
    if (new Set(buttons.map((x: any) => x.reply.id)).size !== buttons.length) return 'Button id is not unique';
    return undefined;
  }
  if (i.type === 'list') {
    if (!within(i.body?.text, 1, 4096)) return 'Body text length invalid. Min length: 1, Max length: 4096';
    if (!within(i.action?.button, 1, 20)) return 'Button label length invalid. Min length: 1, Max length: 20';
    const sections = i.action?.sections;
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return 'Sections count invalid. Min: 1, Max: 10';
    if (sections.length > 1 && sections.some((s: any) => !within(s?.title, 1, 24))) return 'Section title is required with several sections (max 24)';
    const rows = sections.flatMap((s: any) => (Array.isArray(s?.rows) ? s.rows : []));
    if (rows.length < 1 || rows.length > 10) return 'Total row count exceed max allowed count: 10';
    for (const row of rows) {
      if (!within(row?.id, 1, 200)) return 'Row id length invalid. Max length: 200';
      if (!within(row?.title, 1, 24)) return 'Row title length invalid. Min length: 1, Max length: 24';
      if (row.description !== undefined && !within(row.description, 0, 72)) return 'Row description length invalid. Max length: 72';
    }
    if (new Set(rows.map((r: any) => r.id)).size !== rows.length) return 'Row ids are not unique';
    return undefined;
  }
  return `unsupported interactive type ${String(i.type)}`;
}
