import { Resvg } from '@resvg/resvg-js';

/**
 * An SVG as PNG, `width` pixels wide (the height follows the picture's proportions). Text
 * needs a sans-serif font installed on the machine: Arial where it is, else Liberation Sans
 * (Arial's metric twin, Debian's fonts-liberation), else whatever sans-serif font there is.
 */
export function svgToPng(svg: string, options: { width?: number } = {}): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    ...(options.width ? { fitTo: { mode: 'width', value: options.width } } : {}),
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'Liberation Sans',
      sansSerifFamily: 'Liberation Sans',
    },
  });
  return resvg.render().asPng();
}
