import type { MapController } from '../../map/MapController';
import type { MapImage } from '../../map/offscreen';
import { drawCornerText, drawNorthArrow, drawScaleBar } from '../../map/printImage';
import { LABEL_FONT } from '../../map/style';
import { sheetPdf } from './pdf';
import type { SheetContent } from './sheetContent';
import { type Orientation, type Paper, pxOfMm, type SheetLayout, sheetLayout } from './sheetLayout';

/**
 * Exports of the map: a PDF page (sheetLayout at 150–300 dpi) and a PNG of a chosen size, both drawn again off screen
 * (MapController.exportImage), never scaled up from the screen. The PNG carries a scale bar, a north arrow and its
 * sources in a corner; the PDF its whole layout.
 */
export interface PdfOptions {
  paper: Paper;
  orientation: Orientation;
  dpi: number;
}

export interface PngOptions {
  widthPx: number;
  heightPx: number;
  pixelRatio: number;
}

export interface Exported {
  blob: Blob;
  fileName: string;
  /** the map image as drawn (its size in pixels is checked by the drawing) */
  image: MapImage;
  layout: SheetLayout | null;
}

const CANVAS_FONT = LABEL_FONT.map((f) => (f.includes(' ') ? `"${f}"` : f)).join(', ');

/** The map image of a sheet's map box at a resolution, showing `bounds`. */
export function sheetImage(ctrl: MapController, layout: SheetLayout, dpi: number, bounds: [number, number, number, number]): Promise<MapImage> {
  return ctrl.exportImage({ widthPx: pxOfMm(layout.map.w, dpi), heightPx: pxOfMm(layout.map.h, dpi), pixelRatio: dpi / 96, bounds });
}

export async function exportPdf(
  ctrl: MapController,
  content: SheetContent,
  o: PdfOptions,
  bounds: [number, number, number, number],
  name: string,
): Promise<Exported> {
  const layout = sheetLayout(o.paper, o.orientation);
  const image = await sheetImage(ctrl, layout, o.dpi, bounds);
  const bytes = await sheetPdf(layout, content, { image: image.canvas, metersPerPixel: image.metersPerPixel });
  return { blob: new Blob([bytes as BlobPart], { type: 'application/pdf' }), fileName: `${name}-${o.paper}-${o.orientation}-${o.dpi}dpi.pdf`, image, layout };
}

export async function exportPng(
  ctrl: MapController,
  content: SheetContent,
  o: PngOptions,
  bounds: [number, number, number, number],
  name: string,
): Promise<Exported> {
  const image = await ctrl.exportImage({ ...o, bounds });
  const ctx = image.canvas.getContext('2d');
  if (ctx) {
    drawScaleBar(ctx, { metersPerPixel: image.metersPerPixel * o.pixelRatio, ratio: o.pixelRatio, label: content.scaleLabel, font: CANVAS_FONT });
    drawNorthArrow(ctx, { ratio: o.pixelRatio, label: content.north, font: CANVAS_FONT });
    drawCornerText(ctx, { ratio: o.pixelRatio, lines: [content.title, content.subtitle, ...content.footer.slice(0, -1)], font: CANVAS_FONT });
  }
  const blob = await new Promise<Blob | null>((resolve) => image.canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the image could not be encoded as PNG');
  return { blob, fileName: `${name}-${o.widthPx}x${o.heightPx}.png`, image, layout: null };
}

/** PNG sizes offered: the screen's map at 2× and 4×, slide sizes, and paper sizes up to a poster at their dpi. */
export interface PngPreset {
  id: string;
  /** null: from the map's size on screen */
  widthPx: number | null;
  heightPx: number | null;
  /** paper presets are drawn at dpi / 96, the others to look like the screen, larger */
  dpi: number | null;
  screenFactor?: number;
}

export const PNG_PRESETS: PngPreset[] = [
  { id: 'screen2', widthPx: null, heightPx: null, dpi: null, screenFactor: 2 },
  { id: 'screen4', widthPx: null, heightPx: null, dpi: null, screenFactor: 4 },
  { id: 'fhd', widthPx: 1920, heightPx: 1080, dpi: null },
  { id: 'uhd', widthPx: 3840, heightPx: 2160, dpi: null },
  { id: 'a3-300', widthPx: pxOfMm(420, 300), heightPx: pxOfMm(297, 300), dpi: 300 },
  { id: 'a1-150', widthPx: pxOfMm(841, 150), heightPx: pxOfMm(594, 150), dpi: 150 },
  { id: 'a0-150', widthPx: pxOfMm(1189, 150), heightPx: pxOfMm(841, 150), dpi: 150 },
  { id: 'custom', widthPx: 2400, heightPx: 1600, dpi: null },
];

/** A preset's (or a custom size's) pixels and pixel ratio, for a map of `screen` CSS px on screen. */
export function pngOptions(preset: PngPreset, screen: { width: number; height: number }, custom?: { widthPx: number; heightPx: number }): PngOptions {
  if (preset.screenFactor) {
    const f = preset.screenFactor;
    return { widthPx: Math.round(screen.width * f), heightPx: Math.round(screen.height * f), pixelRatio: f };
  }
  const widthPx = custom?.widthPx ?? (preset.widthPx as number);
  const heightPx = custom?.heightPx ?? (preset.heightPx as number);
  // to look like the screen, larger: the screen map's width becomes the image's
  const pixelRatio = preset.dpi
    ? preset.dpi / 96
    : Math.max(1, Math.min(8, Math.max(widthPx / Math.max(1, screen.width), heightPx / Math.max(1, screen.height))));
  return { widthPx, heightPx, pixelRatio };
}
