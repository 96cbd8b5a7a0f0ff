import { DEMO_TEST_NUMBER } from './demoDefaults.ts';

/** A subscriber as the demo operator backend answers for `GET /subscribers/:number`. */
export interface DemoSubscriber {
  number: string;
  name: string;
  locale: string;
  segment: string;
  puk: string;
  /** Airtime in FCFA; data already formatted for the caller (`850 Mo`, `2,5 Go`). */
  balance: { airtime: number; data: string };
  momo: { balance: number; transactions: Array<{ date: string; amount: number; counterparty: string }> };
}

/**
 * Made-up subscribers on Benin's 10-digit numbering (+229 01 97 00 00 0x), in the shape the
 * 1919 flow reads (flows/examples/README.md, "The operator backend"). Amounts in FCFA,
 * transactions newest first (negative = money sent). Edit freely: only the demo uses them.
 */
export const demoSubscribers: DemoSubscriber[] = [
  {
    number: '+2290197000001',
    name: 'Afiavi Houngbédji',
    locale: 'fr',
    segment: 'regular',
    puk: '12345678',
    balance: { airtime: 1250, data: '850 Mo' },
    momo: {
      balance: 23500,
      transactions: [
        { date: '2026-11-02', amount: -5000, counterparty: 'SBEE électricité' },
        { date: '2026-10-30', amount: 15000, counterparty: 'Koffi Agossou' },
        { date: '2026-10-28', amount: -2000, counterparty: 'Marché Dantokpa' },
      ],
    },
  },
  {
    number: '+2290197000002',
    name: 'John Mensah',
    locale: 'en',
    segment: 'vip',
    puk: '87654321',
    balance: { airtime: 48000, data: '20 Go' },
    momo: {
      balance: 1250000,
      transactions: [
        { date: '2026-11-03', amount: -250000, counterparty: 'Lagos Logistics Ltd' },
        { date: '2026-11-01', amount: 500000, counterparty: 'Salary' },
        { date: '2026-10-29', amount: -35000, counterparty: 'Canal+ subscription' },
      ],
    },
  },
  {
    number: '+2290197000003',
    name: 'Bio Gado',
    locale: 'fr',
    segment: 'youth',
    puk: '11223344',
    balance: { airtime: 150, data: '0 Mo' },
    momo: { balance: 900, transactions: [{ date: '2026-10-31', amount: 1000, counterparty: 'Mariam Bio' }] },
  },
  {
    number: '+2290197000004',
    name: 'Sèna Dossou',
    locale: 'fon',
    segment: 'regular',
    puk: '55667788',
    balance: { airtime: 600, data: '300 Mo' },
    momo: {
      balance: 7200,
      transactions: [
        { date: '2026-11-01', amount: -1500, counterparty: 'Zémidjan Cotonou' },
        { date: '2026-10-27', amount: 5000, counterparty: 'Tontine Akpakpa' },
      ],
    },
  },
  {
    number: '+2290197000005',
    name: 'Grace Adeyemi',
    locale: 'en',
    segment: 'business',
    puk: '99887766',
    balance: { airtime: 9800, data: '5 Go' },
    momo: { balance: 310000, transactions: [{ date: '2026-11-02', amount: -60000, counterparty: 'Porto-Novo Supplies' }] },
  },
  {
    // The demo's test SIM (DEMO_TEST_NUMBER): listed as a tester, so previews may call the demo backend as it.
    number: DEMO_TEST_NUMBER,
    name: 'SIM de test 1919',
    locale: 'fr',
    segment: 'regular',
    puk: '24681357',
    balance: { airtime: 500, data: '1 Go' },
    momo: { balance: 10000, transactions: [{ date: '2026-11-02', amount: -1000, counterparty: 'Test Griot' }] },
  },
];
