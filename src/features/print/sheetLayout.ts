/**
 * The printed map's page, as boxes in millimetres from the page's top-left corner: one layout for the PDF (pdf.ts)
 * and for the browser's print (PrintSheet.tsx), so both give the same page. Landscape: title above, the map, the
 * legend in a column at its right, sources below. Portrait: title, the map, the legend in columns below it, sources.
 * Type and margins grow with the paper (A3 is √2 times A4).
 */
export const PAPERS = ['A4', 'A3'] as const;
export type Paper = (typeof PAPERS)[number];
export const ORIENTATIONS = ['landscape', 'portrait'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];
export const PRINT_DPIS = [150, 200, 300] as const;

/** ISO 216 sizes, short side × long side, mm */
export const PAPER_MM: Record<Paper, [number, number]> = { A4: [210, 297], A3: [297, 420] };

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SheetLayout {
  paper: Paper;
  orientation: Orientation;
  widthMm: number;
  heightMm: number;
  /** type size factor: 1 on A4, √2 on A3 */
  scale: number;
  title: Box;
  map: Box;
  legend: Box;
  /** legend columns (portrait: side by side under the map) */
  legendColumns: number;
  footer: Box;
}

export function sheetLayout(paper: Paper, orientation: Orientation): SheetLayout {
  const [short, long] = PAPER_MM[paper];
  const landscape = orientation === 'landscape';
  const widthMm = landscape ? long : short;
  const heightMm = landscape ? short : long;
  const s = short / 210;
  const m = 10 * s;
  const titleH = 17 * s;
  const footerH = 15 * s;
  const gap = 3 * s;
  const title = { x: m, y: m, w: widthMm - 2 * m, h: titleH };
  const footer = { x: m, y: heightMm - m - footerH, w: widthMm - 2 * m, h: footerH };
  const top = m + titleH + gap;
  const bottom = footer.y - gap;
  if (landscape) {
    const legendW = 58 * s;
    const map = { x: m, y: top, w: widthMm - 2 * m - legendW - gap, h: bottom - top };
    return {
      paper,
      orientation,
      widthMm,
      heightMm,
      scale: s,
      title,
      map,
      legend: { x: map.x + map.w + gap, y: top, w: legendW, h: map.h },
      legendColumns: 1,
      footer,
    };
  }
  const legendH = 48 * s;
  const map = { x: m, y: top, w: widthMm - 2 * m, h: bottom - top - legendH - gap };
  return {
    paper,
    orientation,
    widthMm,
    heightMm,
    scale: s,
    title,
    map,
    legend: { x: m, y: map.y + map.h + gap, w: map.w, h: legendH },
    legendColumns: 3,
    footer,
  };
}

/** Image pixels of a box at a resolution (dpi). */
export const pxOfMm = (mm: number, dpi: number): number => Math.round((mm / 25.4) * dpi);

/** Lengths a scale bar may show: 1, 2 or 5 times a power of ten metres, the longest within `maxMeters`. */
export function niceMeters(maxMeters: number): number {
  const p = 10 ** Math.floor(Math.log10(maxMeters));
  const r = maxMeters / p;
  return (r >= 5 ? 5 : r >= 2 ? 2 : 1) * p;
}
