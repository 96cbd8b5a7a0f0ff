import { describe, expect, it } from 'vitest';
import type { CallerProfile, Store } from '../types.ts';
import { at, caller } from './fixtures.ts';

const TG = 'telegram:5550000001';
const NUMBER = '+2290197000001';

/** A Telegram user's own profile, before they gave their number: English chosen there, one contact. */
const telegramProfile = (updatedAt: string): CallerProfile => ({
  number: TG,
  preferredLocale: 'en',
  lastChannel: 'telegram',
  variables: { segment: 'silver', nickname: 'Afi' },
  contacts: [{ at: at(5), channel: 'telegram', reason: 'balance', outcome: 'served' }],
  createdAt: at(5),
  updatedAt,
});

/** Subscribers known by a platform id, linked to their number: one profile, whichever way they come. */
export function callerLinkContract(store: () => Store) {
  describe('caller links', () => {
    it('merges the platform profile into the number’s: the latest language and channel win, histories join in time order', async () => {
      await store().putCaller(caller(NUMBER, at(0)));
      await store().putCaller(telegramProfile(at(6)));
      const link = { key: TG, number: NUMBER, verified: true, linkedAt: at(7) };
      expect(await store().linkCaller(link)).toEqual(link);
      expect(await store().getCallerLink(TG)).toEqual(link);
      expect(await store().getCaller(TG)).toBeNull();
      expect(await store().getCaller(NUMBER)).toEqual({
        number: NUMBER,
        preferredLocale: 'en',
        lastChannel: 'telegram',
        consent: caller(NUMBER).consent,
        variables: { segment: 'silver', nickname: 'Afi' },
        contacts: [...caller(NUMBER).contacts, ...telegramProfile(at(6)).contacts],
        createdAt: caller(NUMBER).createdAt,
        updatedAt: at(7),
      });
    });

    it('keeps what the number learnt later than the platform profile', async () => {
      await store().putCaller(telegramProfile(at(6)));
      await store().putCaller({ ...caller(NUMBER, at(9)), preferredLocale: 'fr', lastChannel: 'voice' });
      await store().linkCaller({ key: TG, number: NUMBER, verified: true, linkedAt: at(10) });
      expect(await store().getCaller(NUMBER)).toMatchObject({ preferredLocale: 'fr', lastChannel: 'voice', variables: { segment: 'gold', nickname: 'Afi' } });
    });

    it('records a claimed (typed) link without touching either profile, and merges once the number is verified', async () => {
      const number = { ...caller(NUMBER, at(9)), preferredLocale: 'fr', lastChannel: 'voice' as const };
      await store().putCaller(number);
      await store().putCaller(telegramProfile(at(6)));
      const claim = { key: TG, number: NUMBER, verified: false, linkedAt: at(10) };
      expect(await store().linkCaller(claim)).toEqual(claim);
      expect(await store().getCallerLink(TG)).toEqual(claim);
      expect(await store().getCaller(NUMBER)).toEqual(number);
      expect(await store().getCaller(TG)).toEqual(telegramProfile(at(6)));
      await store().linkCaller({ key: TG, number: NUMBER, verified: true, linkedAt: at(11) });
      expect(await store().getCallerLink(TG)).toMatchObject({ verified: true });
      expect(await store().getCaller(TG)).toBeNull();
      expect(await store().getCaller(NUMBER)).toMatchObject({
        variables: { segment: 'gold', nickname: 'Afi' },
        contacts: [...telegramProfile(at(6)).contacts, ...number.contacts].sort((a, b) => a.at.localeCompare(b.at)),
      });
    });

    it('links a caller with no profile yet, and moves a profile to a number that has none', async () => {
      await store().linkCaller({ key: 'telegram:1', number: '+2290197000009', verified: true, linkedAt: at(1) });
      expect(await store().getCaller('+2290197000009')).toBeNull();
      await store().putCaller(telegramProfile(at(6)));
      await store().linkCaller({ key: TG, number: '+2290197000008', verified: true, linkedAt: at(8) });
      expect(await store().getCaller('+2290197000008')).toMatchObject({ number: '+2290197000008', preferredLocale: 'en', contacts: telegramProfile(at(6)).contacts });
    });

    it('never lets a typed number replace a verified one, but a verified one replaces anything', async () => {
      const verified = { key: TG, number: NUMBER, verified: true, linkedAt: at(1) };
      await store().linkCaller(verified);
      expect(await store().linkCaller({ key: TG, number: '+2290197000002', verified: false, linkedAt: at(2) })).toEqual(verified);
      expect(await store().getCallerLink(TG)).toEqual(verified);
      const moved = { key: TG, number: '+2290197000003', verified: true, linkedAt: at(3) };
      expect(await store().linkCaller(moved)).toEqual(moved);
      expect(await store().linkCaller({ key: 'telegram:2', number: NUMBER, verified: false, linkedAt: at(4) })).toMatchObject({ number: NUMBER });
      expect(await store().linkCaller({ key: 'telegram:2', number: '+2290197000004', verified: false, linkedAt: at(5) })).toMatchObject({ number: '+2290197000004' });
    });

    it('lists and deletes the links to a number, and purges them with their profile', async () => {
      await store().putCaller(caller(NUMBER, at(0)));
      await store().putCaller(caller('+2290197000005', at(20)));
      await store().linkCaller({ key: 'telegram:1', number: NUMBER, verified: true, linkedAt: at(1) });
      await store().linkCaller({ key: 'messenger:77', number: NUMBER, verified: false, linkedAt: at(2) });
      await store().linkCaller({ key: 'telegram:3', number: '+2290197000005', verified: true, linkedAt: at(3) });
      // Each with whether the platform vouched for it: an erasure of the number erases only the joined ones' records.
      expect((await store().listCallerLinks(NUMBER)).map((l) => [l.key, l.verified])).toEqual([
        ['messenger:77', false],
        ['telegram:1', true],
      ]);
      expect(await store().deleteCallerLink('messenger:77')).toBe(true);
      expect(await store().deleteCallerLink('messenger:77')).toBe(false);
      // The number's profile was merged into at(1): older than at(10), purged with its link.
      expect(await store().purgeCallers(at(10))).toBe(1);
      expect(await store().getCallerLink('telegram:1')).toBeNull();
      expect(await store().getCallerLink('telegram:3')).not.toBeNull();
    });
  });
}
