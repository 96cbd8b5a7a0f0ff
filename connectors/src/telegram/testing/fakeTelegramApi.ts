import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedTelegramCall {
  method: string;
  /** Whether the URL carried the fake's token. */
  authorized: boolean;
  params: any;
  /** What the fake answered. */
  status: number;
  /** The message id given to an accepted sendMessage or sendVoice. */
  messageId?: number;
}

/** What the next calls should suffer, in order: Telegram's flood control (429 with `retry_after`), a server error, a refusal (`Forbidden: bot was blocked by the user`), a slow answer. */
export type TelegramFault = { status: 429; retryAfter: number } | { status: 500 | 502 } | { status: 400 | 403; description: string } | { delayMs: number };

export interface FakeTelegramApi {
  /** The base URL to use as TELEGRAM_API_BASE_URL (loopback). */
  url: string;
  token: string;
  botId: number;
  username: string;
  calls: RecordedTelegramCall[];
  /** Messages and voice notes Telegram took, in order, optionally for one chat. */
  sent(chatId?: string | number): RecordedTelegramCall[];
  /** Callback query ids answered (answerCallbackQuery), in order. */
  answered(): string[];
  failNext(...faults: TelegramFault[]): void;
  /** Resolves once `count` messages were taken in total. */
  waitForSent(count: number, timeoutMs?: number): Promise<RecordedTelegramCall[]>;
  close(): Promise<void>;
}

const TEXT_MAX = 4096;
const CALLBACK_DATA_MAX_BYTES = 64;

/**
 * A loopback stand-in for the Telegram Bot API (https://core.telegram.org/bots/api):
 * `POST /bot<token>/<method>` with a JSON body, answered `{ok, result}` or
 * `{ok: false, error_code, description, parameters?}` as Telegram does. It knows getMe,
 * sendMessage, sendVoice, answerCallbackQuery and setWebhook, refuses what Telegram would
 * (an empty or over-long text, a `callback_data` outside 1–64 bytes, an empty button, an
 * unknown `parse_mode`), answers a wrong token 401, and can be told to fail: 429 with
 * `retry_after`, 5xx, or a slow answer.
 */
export async function startFakeTelegramApi(options: { token?: string; username?: string } = {}): Promise<FakeTelegramApi> {
  const token = options.token ?? '123456789:AAFakeTelegramTokenForTests-000000';
  const botId = Number(token.split(':')[0]);
  const username = options.username ?? 'griot_test_bot';
  const calls: RecordedTelegramCall[] = [];
  const faults: TelegramFault[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let nextMessageId = 1;
  let taken = 0;

  const answer = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const refuse = (res: ServerResponse, call: RecordedTelegramCall, status: number, description: string, parameters?: object) => {
    call.status = status;
    answer(res, status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });
  };

  const problemOf = (method: string, p: any): string | undefined => {
    if (method === 'sendMessage' || method === 'sendVoice') {
      if (p.chat_id === undefined || p.chat_id === '') return 'Bad Request: chat_id is empty';
      if (p.parse_mode !== undefined && !['Markdown', 'MarkdownV2', 'HTML'].includes(p.parse_mode)) return `Bad Request: unsupported parse_mode "${p.parse_mode}"`;
      const markup = p.reply_markup;
      if (markup?.inline_keyboard !== undefined) {
        for (const row of markup.inline_keyboard) {
          for (const button of row) {
            if (typeof button.text !== 'string' || button.text.trim() === '') return 'Bad Request: text buttons are unallowed in the inline keyboard';
            const bytes = Buffer.byteLength(String(button.callback_data ?? ''), 'utf8');
            if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) return 'Bad Request: BUTTON_DATA_INVALID';
          }
        }
      }
    }
    if (method === 'sendMessage') {
      if (typeof p.text !== 'string' || p.text.trim() === '') return 'Bad Request: message text is empty';
      if (p.text.length > TEXT_MAX) return 'Bad Request: message is too long';
    }
    if (method === 'sendVoice' && (typeof p.voice !== 'string' || !/^https?:\/\//.test(p.voice))) return 'Bad Request: wrong HTTP URL specified';
    if (method === 'answerCallbackQuery' && (typeof p.callback_query_id !== 'string' || p.callback_query_id === ''))
      return 'Bad Request: query is too old and response timeout expired or query ID is invalid';
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    let params: any = {};
    try {
      params = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return answer(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse JSON" });
    }
    const method = match[2]!;
    const call: RecordedTelegramCall = { method, authorized: match[1] === token, params, status: 0 };
    calls.push(call);
    const fault = faults.shift();
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && 'status' in fault) {
      if (fault.status === 429) return refuse(res, call, 429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter });
      if ('description' in fault) return refuse(res, call, fault.status, fault.description);
      return refuse(res, call, fault.status, 'Internal Server Error');
    }
    if (!call.authorized) return refuse(res, call, 401, 'Unauthorized');
    const problem = problemOf(method, params);
    if (problem) return refuse(res, call, 400, problem);
    call.status = 200;
    switch (method) {
      case 'getMe':
        return answer(res, 200, { ok: true, result: { id: botId, is_bot: true, first_name: 'Griot', username, can_join_groups: false } });
      case 'answerCallbackQuery':
      case 'setWebhook':
      case 'deleteWebhook':
        return answer(res, 200, { ok: true, result: true });
      case 'sendMessage':
      case 'sendVoice': {
        call.messageId = nextMessageId++;
        taken += 1;
        for (const waiter of [...waiters]) {
          if (taken >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
        const chat = { id: Number(params.chat_id), type: 'private' };
        const content = method === 'sendMessage' ? { text: params.text } : { voice: { file_id: `voice-${call.messageId}`, duration: 3 } };
        return answer(res, 200, { ok: true, result: { message_id: call.messageId, date: Math.floor(Date.now() / 1000), chat, ...content } });
      }
      default:
        return refuse(res, call, 404, 'Not Found: method not found');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => answer(res, 500, { ok: false, error_code: 500, description: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sent = (chatId?: string | number) =>
    calls.filter((c) => c.status === 200 && (c.method === 'sendMessage' || c.method === 'sendVoice') && (chatId === undefined || String(c.params.chat_id) === String(chatId)));

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    botId,
    username,
    calls,
    sent,
    answered: () => calls.filter((c) => c.method === 'answerCallbackQuery' && c.status === 200).map((c) => String(c.params.callback_query_id)),
    failNext: (...next) => void faults.push(...next),
    waitForSent: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        if (taken >= count) return resolve(sent());
        const timer = setTimeout(() => reject(new Error(`fake Telegram: ${taken} of ${count} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(sent());
          },
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
