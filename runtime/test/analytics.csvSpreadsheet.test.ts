import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { SimulatedCall, httpLink } from '@griot/connectors/voice/testing';
import { startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';
import type { ApiClient } from './helpers/http.ts';

/**
 * A supervisor in Cotonou exports the figures from « Statistiques → Exporter (CSV) » and opens
 * them in French Excel: the file must open in columns (BOM, `;`), with the dashboard's figures
 * (13,5 %, not 0.1351), its local times, French headers, node labels, and say in its name which
 * period and filters it holds. The API's default CSV stays the machine one.
 */
const SECRET = 'jambonz-csv-fr-secret';
const FLOW = 'selfcare-1919';
const ZONE = 'Africa/Porto-Novo';
let server: TestServer;
let viewer: ApiClient;
const cookies: Record<string, string> = {};
let calls = 0;

/** The file as the browser saves it: its bytes, BOM included (fetch's text() would drop it). */
async function download(user: 'vera' | 'sena', path: string) {
  const response = await fetch(server.url + path, { headers: { cookie: cookies[user]! } });
  return { status: response.status, headers: response.headers, body: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer()) };
}

/** Reads a file the way French Excel does: BOM for UTF-8, `;` between cells. */
function asFrenchExcel(body: string): Array<Record<string, string>> {
  expect(body.charCodeAt(0), 'a BOM, so Excel reads UTF-8').toBe(0xfeff);
  return parseCsv(body.slice(1), { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
}
const frPercent = (ratio: number) => new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }).format(ratio).replace(/[\u202f\u00a0]/g, ' ');
const local = (iso: string) => new Intl.DateTimeFormat('fr-FR', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

beforeAll(async () => {
  server = await startTestServer({ env: { GRIOT_DEMO: '1', JAMBONZ_WEBHOOK_SECRET: SECRET } });
  viewer = await userWithRoles(server, 'vera', ['viewer']);
  await userWithRoles(server, 'sena', ['supervisor']);
  for (const username of ['vera', 'sena']) {
    const login = await server.anonymous.post('/api/auth/login', { username, password: 'correct horse battery' });
    cookies[username] = login.headers.get('set-cookie')!.split(';')[0]!;
  }
  const dial = async (from: string) => {
    const call = new SimulatedCall(httpLink(server.url, { secret: SECRET }), { callSid: `CA-csvfr-${++calls}`, from, to: '1919' });
    await call.start();
    if (call.heard.join(' ').includes('Pour le français')) await call.press('1');
    return call;
  };
  // One contained (balance, then a 4), two hang up at the menu: containment 33,3 %.
  const contained = await dial('+2290197000003');
  await contained.press('2');
  await contained.press('3');
  await contained.press('4');
  expect(contained.ended).toBe(true);
  await (await dial('+2290197000150')).hangup();
  await (await dial('+2290197000004')).hangup();
  await server.services.conversations.idle();
}, 60_000);
afterAll(() => server.stop());

const hour = 3_600_000;
const period = () => `from=${new Date(Date.now() - hour).toISOString()}&to=${new Date(Date.now() + hour).toISOString()}`;

describe('the spreadsheet form of the analytics CSV (dialect=excel-fr)', () => {
  it('opens in French Excel with the dashboard’s figures, local times and French headers, and names its period and filters', async () => {
    const query = period();
    const report = (await viewer.get(`/api/flows/${FLOW}/analytics?${query}`)).body;
    expect(report.contacts).toBe(3);
    const answer = await download('vera', `/api/flows/${FLOW}/analytics?${query}&format=csv&table=summary&dialect=excel-fr&tz=${encodeURIComponent(ZONE)}`);
    expect(answer.status).toBe(200);
    const [summary, ...more] = asFrenchExcel(answer.body);
    expect(more).toEqual([]);
    expect(summary).toMatchObject({
      parcours: FLOW,
      contacts: '3',
      'traités par le parcours': '1',
      abandons: '2',
      'en cours': '0',
      'traités (brut)': frPercent(report.containment.raw),
      du: local(report.period.from),
    });
    // The period ends when the figures were read, not at the next whole hour (never in the future).
    expect(summary!.au).toBe(local(new Date(Math.min(Date.parse(report.period.to), Date.now())).toISOString()));
    expect(summary!['traités (brut)']).toBe('33,3 %');
    // The file's name says what it holds: table, local period, traffic.
    const disposition = String(answer.headers.get('content-disposition'));
    expect(disposition).toContain(`${FLOW}_resume_du-`);
    expect(disposition).toContain('_appelants.csv');
    const fromLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short' }).format(new Date(report.period.from));
    expect(disposition).toContain(`du-${fromLocal}-`);
  });

  it('puts each node’s label next to its id, with French headers', async () => {
    const answer = await download('vera', `/api/flows/${FLOW}/analytics?${period()}&format=csv&table=nodes&dialect=excel-fr&tz=${encodeURIComponent(ZONE)}`);
    const rows = asFrenchExcel(answer.body);
    const menu = rows.find((r) => r['nœud (id)'] === 'mainMenu');
    expect(menu).toMatchObject({ visites: '3', abandons: '2' });
    expect(menu!.nœud).toBe('Menu principal');
    // The exits are named as the canvas names them under the node, never by their raw ids.
    const exits = Object.keys(menu!).filter((k) => k.startsWith('sortie '));
    expect(exits).toContain('sortie 2 · Solde');
    expect(exits).not.toContain('sortie balance');
    expect(exits.some((k) => k === 'sortie Pas de réponse' || k === 'sortie Choix invalide' || k === 'sortie Suite')).toBe(true);
  });

  it('gives the queues’ table with French headers, in the same spreadsheet form', async () => {
    const answer = await download('sena', `/api/queues/analytics?${period()}&format=csv&table=queues&dialect=excel-fr&tz=${encodeURIComponent(ZONE)}`);
    expect(answer.status).toBe(200);
    const body = answer.body;
    expect(body.split('\r\n')[0]).toBe(
      '\ufefffile;du;au;présentés;répondus;répondus dans le délai;niveau de service;délai (s);abandonnés;partis avec un rappel;partis autrement;attente moyenne (s);attente moyenne des abandons (s);attente la plus longue (s);rappels demandés;rappels faits;rappels échoués',
    );
  });

  it('keeps the API’s default CSV for programs: commas, shares 0–1, UTC instants, English headers', async () => {
    const answer = await download('vera', `/api/flows/${FLOW}/analytics?${period()}&format=csv&table=summary`);
    const body = answer.body;
    expect(body.charCodeAt(0)).not.toBe(0xfeff);
    const [row] = parseCsv(body, { columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({ flow: FLOW, contacts: '3', containment_raw: '0.3333' });
    expect(row!.from).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
  });

  it('refuses a time zone it does not know', async () => {
    const answer = await viewer.call('GET', `/api/flows/${FLOW}/analytics?${period()}&format=csv&dialect=excel-fr&tz=Mars%2FOlympus`);
    expect(answer.status).toBe(400);
  });
});
