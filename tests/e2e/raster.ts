import { readFileSync } from 'node:fs';
import type { Box, SheetLayout } from '../../src/features/print/sheetLayout';

/** Pages of printed PDFs, rasterised by pdftoppm (poppler-utils), read back to check what was drawn where. */
export interface Ppm {
  width: number;
  height: number;
  rgb: Buffer;
}

/** A binary PPM (P6), as pdftoppm writes it: width, height and RGB bytes. */
export function readPpm(file: string): Ppm {
  const buf = readFileSync(file);
  const [, w, h, max] = buf.subarray(0, 40).toString('latin1').split(/\s+/);
  const headerLength = buf.indexOf(Buffer.from(`${max}\n`), 2) + `${max}\n`.length;
  return { width: Number(w), height: Number(h), rgb: buf.subarray(headerLength) };
}

export interface FractionBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** In a box of the page (fractions of its size): the share of pixels that are not paper white, and how many colours. */
export function inkIn(img: Ppm, box: FractionBox): { share: number; colours: number } {
  let ink = 0;
  let n = 0;
  const colours = new Set<number>();
  for (let y = Math.floor(box.y0 * img.height); y < box.y1 * img.height; y++)
    for (let x = Math.floor(box.x0 * img.width); x < box.x1 * img.width; x++) {
      const i = (y * img.width + x) * 3;
      const [r, g, b] = [img.rgb[i] as number, img.rgb[i + 1] as number, img.rgb[i + 2] as number];
      n++;
      if (r < 245 || g < 245 || b < 245) ink++;
      colours.add((r >> 3) * 1024 + (g >> 3) * 32 + (b >> 3));
    }
  return { share: ink / n, colours: colours.size };
}

/** A box of a printed sheet (mm) as fractions of its page, `insetMm` inside its edges. */
export const sheetBox = (layout: SheetLayout, b: Box, insetMm = 0): FractionBox => ({
  x0: (b.x + insetMm) / layout.widthMm,
  y0: (b.y + insetMm) / layout.heightMm,
  x1: (b.x + b.w - insetMm) / layout.widthMm,
  y1: (b.y + b.h - insetMm) / layout.heightMm,
});
