import { afterEach, describe, expect, it, vi } from 'vitest';
import { figureFormat } from './figureFormat.ts';

/** Intl writes French with narrow no-break spaces: compare with plain ones. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('figures in the designer’s language', () => {
  it('writes counts, shares and averages the French way', () => {
    const fr = figureFormat('fr');
    expect(plain(fr.count(12345))).toBe('12 345');
    expect(plain(fr.percent(0.3333))).toBe('33,3 %');
    expect(plain(fr.percent(0.5))).toBe('50 %');
    expect(fr.decimal(3.667, 2)).toBe('3,67');
  });

  it('and the English way', () => {
    const en = figureFormat('en');
    expect(en.count(12345)).toBe('12,345');
    expect(en.percent(0.1667)).toBe('16.7%');
    expect(en.decimal(3.667, 2)).toBe('3.67');
  });

  it('shows a dash where there is no figure, and durations in minutes and seconds', () => {
    const fr = figureFormat('fr');
    expect(fr.percent(null)).toBe('—');
    expect(fr.duration(null)).toBe('—');
    expect(fr.duration(42)).toBe('42 s');
    expect(fr.duration(65)).toBe('1 min 05 s');
    expect(fr.duration(7380)).toBe('2 h 03 min');
  });
});

describe('the figure format asked for at the flow’s opening', () => {
  const { NumberFormat, DateTimeFormat } = Intl;
  afterEach(() => {
    Object.assign(Intl, { NumberFormat, DateTimeFormat });
    vi.resetModules();
  });

  it('makes no Intl formatter until a figure is written (the cards and edges ask for it as they are drawn)', async () => {
    const made = { numbers: 0, dates: 0 };
    Object.assign(Intl, {
      NumberFormat: class extends NumberFormat {
        constructor(...args: ConstructorParameters<typeof NumberFormat>) {
          super(...args);
          made.numbers += 1;
        }
      },
      DateTimeFormat: class extends DateTimeFormat {
        constructor(...args: ConstructorParameters<typeof DateTimeFormat>) {
          super(...args);
          made.dates += 1;
        }
      },
    });
    // A module of its own: its formats made here, not taken from the other tests' cache.
    vi.resetModules();
    const { figureFormat: freshFigureFormat } = await import('./figureFormat.ts');
    const format = freshFigureFormat('en');
    expect(made).toEqual({ numbers: 0, dates: 0 });
    expect(format.count(12345)).toBe('12,345');
    expect(format.count(2)).toBe('2');
    expect(made).toEqual({ numbers: 1, dates: 0 });
  });
});
