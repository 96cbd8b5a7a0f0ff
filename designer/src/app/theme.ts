import { Badge, DEFAULT_THEME, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** Text the size of a badge or a hint must stand out 4.5 times from what is under it (WCAG AA); a little margin on top. */
const READABLE = 4.7;

export const theme = createTheme({
  primaryColor: 'indigo',
  // Indigo 7 under white text (5:1); Mantine's default 6 reads at 4.3:1.
  primaryShade: { light: 7, dark: 8 },
  // A filled button or badge too light for white text (teal, green, yellow…) gets dark text instead.
  autoContrast: true,
  luminanceThreshold: 0.179,
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Badge: Badge.extend({ styles: { root: { textTransform: 'none' } } }),
  },
});

type Rgb = [number, number, number];

function rgbOf(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

function luminanceOf([r, g, b]: Rgb): number {
  const linear = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [x, y] = [luminanceOf(a), luminanceOf(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** `color` at `amount` (0–1) over `under`, as the browser paints a translucent tint. */
const over = (color: Rgb, amount: number, under: Rgb): Rgb => color.map((c, i) => Math.round(c * amount + (under[i] as number) * (1 - amount))) as Rgb;
const toward = (color: Rgb, target: Rgb, amount: number): Rgb => over(target, amount, color);
const hex = (c: Rgb) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/**
 * The first of the palette's shades (in `order`) readable on `background`, else the last one
 * pushed toward black or white until it is: a yellow has no shade dark enough on its own.
 */
function readable(palette: MantineColorsTuple, order: number[], background: Rgb, toDark: boolean): string {
  for (const shade of order) {
    const value = palette[shade] as string;
    if (contrast(rgbOf(value), background) >= READABLE) return value;
  }
  let color = rgbOf(palette[order[order.length - 1] as number] as string);
  for (let step = 0; step < 20 && contrast(color, background) < READABLE; step += 1) color = toward(color, toDark ? [0, 0, 0] : [255, 255, 255], 0.1);
  return hex(color);
}

const GRAY_0 = rgbOf(DEFAULT_THEME.colors.gray[0]);
const DARK_6 = rgbOf(DEFAULT_THEME.colors.dark[6]);

/**
 * Mantine's status colours (a light badge's text, a coloured text, grey hints) are too pale to
 * read (2.2 to 3.6:1 for « Actif », « Production », « en attente »): each colour's text is
 * its first shade readable on its own tint and on the pale grey of panels, in both schemes.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': readable(t.colors.gray, [6, 7, 8], GRAY_0, true) };
  const dark: Record<string, string> = { '--mantine-color-dimmed': readable(t.colors.dark, [2, 1, 0], DARK_6, false) };
  for (const [name, palette] of Object.entries(t.colors)) {
    if (name === 'dark') continue;
    // Light scheme: the tint is the primary shade at 10 % on white; dark: shade 6 at 15 % on the dark body.
    const tintLight = over(rgbOf(palette[7]), 0.1, GRAY_0);
    light[`--mantine-color-${name}-light-color`] = readable(palette, [7, 8, 9], tintLight, true);
    light[`--mantine-color-${name}-text`] = readable(palette, [7, 8, 9], GRAY_0, true);
    const tintDark = over(rgbOf(palette[6]), 0.15, DARK_6);
    dark[`--mantine-color-${name}-light-color`] = readable(palette, [3, 2, 1, 0], tintDark, false);
    dark[`--mantine-color-${name}-text`] = readable(palette, [4, 3, 2, 1, 0], DARK_6, false);
  }
  return { variables: {}, light, dark };
};
