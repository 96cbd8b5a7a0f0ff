import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the demo's operator backend answers for the demo subscriber (PUK, balance, Mobile Money). */
const SUBSCRIBER = { number: '+2290197000001', locale: 'fr', segment: 'regular', puk: '24681357', balance: { airtime: 1500, data: '2 Go' }, momo: { balance: 0, transactions: [] } };

/**
 * The operator's token for a fake operator's URL, as an operator configures it: the demo's
 * well-known token goes only to the built-in demo backend, never to a URL set for `operator`.
 */
export const OPERATOR_SECRET = { GRIOT_FLOW_SECRETS: 'OPERATOR_API_TOKEN@operator', OPERATOR_API_TOKEN: 'fake-operator-token-5d21' } as const;

/**
 * The operator's information system on loopback, answering every look-up after `delayMs` (set it
 * between steps: a window for a race, or past a turn's budget) and counting them.
 */
export class FakeOperator {
  /** Look-ups asked, and answered (their delay over). */
  hits = 0;
  answered = 0;
  private constructor(
    private readonly server: Server,
    public delayMs: number,
  ) {}

  static async start(delayMs = 0): Promise<FakeOperator> {
    let operator: FakeOperator | undefined;
    const server = createServer((_req, res) => {
      operator!.hits += 1;
      setTimeout(() => {
        operator!.answered += 1;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(SUBSCRIBER));
      }, operator!.delayMs);
    });
    operator = new FakeOperator(server, delayMs);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return operator;
  }

  /** Its base URL, as GRIOT_BACKENDS_PRODUCTION names it (`operator=<url>`). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The operator's staging system, pointed at the live one: it answers any number with `puk`, and records who was asked for. */
export interface RecordingOperator {
  url: string;
  /** Each request's path, decoded: `/subscribers/+229…`. */
  asked: string[];
  close(): Promise<void>;
}

export async function startRecordingOperator(puk: string): Promise<RecordingOperator> {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    asked.push(decodeURIComponent(req.url ?? ''));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ segment: 'vip', puk, balance: { airtime: 1500, data: '2 Go' }, momo: { balance: 50000, transactions: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
