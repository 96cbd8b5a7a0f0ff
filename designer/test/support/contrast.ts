import type { Page } from 'playwright-core';

/**
 * The contrast ratio (WCAG) of each element's text on what is painted under it, as the browser
 * computes their colours (any CSS colour syntax, translucent tints over what is beneath).
 */
export function contrasts(page: Page, selector: string): Promise<Array<{ text: string; ratio: number }>> {
  return page.locator(selector).evaluateAll((elements) => {
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
    const rgba = (css: string): [number, number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = '#000';
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data as unknown as number[];
      return [r as number, g as number, b as number, (a as number) / 255];
    };
    const blend = (top: [number, number, number, number], under: [number, number, number]): [number, number, number] =>
      [0, 1, 2].map((i) => (top[i] as number) * top[3] + (under[i] as number) * (1 - top[3])) as [number, number, number];
    const background = (element: Element): [number, number, number] => {
      const layers: Array<[number, number, number, number]> = [];
      for (let e: Element | null = element; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let under: [number, number, number] = [255, 255, 255];
      for (const layer of layers.reverse()) under = blend(layer, under);
      return under;
    };
    const luminance = (c: [number, number, number]) =>
      c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, v, i) => sum + v * ([0.2126, 0.7152, 0.0722][i] as number), 0);
    return elements
      .filter((e) => (e as HTMLElement).offsetParent !== null && (e.textContent ?? '').trim() !== '')
      .map((e) => {
        const under = background(e);
        const text = luminance(blend(rgba(getComputedStyle(e).color), under));
        const back = luminance(under);
        return { text: (e.textContent ?? '').trim().slice(0, 40), ratio: Math.round(((Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05)) * 100) / 100 };
      });
  });
}
