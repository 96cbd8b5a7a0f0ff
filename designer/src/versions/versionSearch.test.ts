import { describe, expect, it } from 'vitest';
import { searchableDate, versionMatches } from './versionSearch.ts';

const tabaski = { number: 39, hash: 'h', author: 'awa', message: 'Promo : accueil spécial fête', createdAt: '2026-11-12T10:00:00.000Z', label: 'Tabaski 2026' };
const weekly = { number: 139, hash: 'h', author: 'kofi', message: 'Mise à jour hebdo', createdAt: '2026-12-03T10:00:00.000Z' };
const date = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe('searching the versions history', () => {
  it('finds a version by its name, message or author, in any case and without accents', () => {
    expect(versionMatches(tabaski, 'tabaski', date)).toBe(true);
    expect(versionMatches(tabaski, 'FETE', date)).toBe(true);
    expect(versionMatches(tabaski, 'awa', date)).toBe(true);
    expect(versionMatches(weekly, 'tabaski', date)).toBe(false);
  });

  it('finds a version by its number, not every number containing those digits', () => {
    expect(versionMatches(tabaski, 'v39', date)).toBe(true);
    expect(versionMatches(tabaski, '39', date)).toBe(true);
    expect(versionMatches(weekly, 'v39', date)).toBe(false);
    expect(versionMatches(weekly, '39', date)).toBe(false);
  });

  it('reads a number typed among words as a word of the message, not a version number nor a digit of the time', () => {
    const week4 = { number: 6, hash: 'h', author: 'awa', message: 'Semaine 4 : nos offres', createdAt: '2026-12-03T14:44:00.000Z' };
    const week2 = { number: 4, hash: 'h', author: 'awa', message: 'Semaine 2 : nos offres', createdAt: '2026-12-03T14:44:00.000Z' };
    const withTime = (iso: string) => `${date(iso)} ${iso.slice(11, 19)}`;
    expect(versionMatches(week4, 'semaine 4', withTime)).toBe(true);
    expect(versionMatches(week2, 'semaine 4', withTime)).toBe(false);
    expect(versionMatches(week2, 'semaine 44', withTime)).toBe(false);
  });

  it('finds last month’s versions by their date as shown, every word counting', () => {
    expect(versionMatches(tabaski, '11/2026', date)).toBe(true);
    expect(versionMatches(weekly, '11/2026', date)).toBe(false);
    expect(versionMatches(tabaski, '11/2026 awa', date)).toBe(true);
    expect(versionMatches(tabaski, '11/2026 kofi', date)).toBe(false);
    expect(versionMatches(weekly, '  ', date)).toBe(true);
  });
  it('finds a version by the author as the history shows it: the admin token in words, the colleague who asked for it', () => {
    const scripted = { number: 40, hash: 'h', author: 'admin-token', message: 'Import nocturne', createdAt: '2026-11-20T02:00:00.000Z' };
    const shown = ' · Le jeton d’administration du serveur (un script ou un outil de l’équipe technique)';
    expect(versionMatches(scripted, 'jeton', date, shown)).toBe(true);
    const approved = { ...weekly, author: 'kossi' };
    expect(versionMatches(approved, 'awa', date, ' · écrite par awa · publiée par kossi')).toBe(true);
    expect(versionMatches(approved, 'awa', date, ' · kossi')).toBe(false);
  });
  it('finds November’s versions by « 11/2026 » or « novembre 2026 » whatever the language the dates are shown in', () => {
    const english = (iso: string) => searchableDate(iso, 'en');
    const french = (iso: string) => searchableDate(iso, 'fr');
    expect(versionMatches(tabaski, '11/2026', english)).toBe(true);
    expect(versionMatches(weekly, '11/2026', english)).toBe(false);
    expect(versionMatches(tabaski, 'november 2026', english)).toBe(true);
    expect(versionMatches(tabaski, 'novembre 2026', french)).toBe(true);
    expect(versionMatches(weekly, 'novembre', french)).toBe(false);
    expect(versionMatches(tabaski, '12/11/2026', french)).toBe(true);
  });
});
