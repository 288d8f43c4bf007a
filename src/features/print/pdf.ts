import fontkit from '@pdf-lib/fontkit';
import { type Color, LineCapStyle, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import fontUrl from '../../assets/fonts/wqy-microhei.ttc?url';
import type { LegendSection, SheetContent, Swatch } from './sheetContent';
import { type Box, niceMeters, type SheetLayout } from './sheetLayout';

/**
 * The printed map as a one-page PDF: the page of sheetLayout, its texts in WenQuanYi Micro Hei (bundled with the
 * app, Apache-2.0; the subset of glyphs used is embedded, with a ToUnicode map, so Chinese text renders, prints, can
 * be searched and copied), the map as a JPEG drawn at the resolution asked for, legend swatches, scale bar and north
 * arrow as vector graphics.
 */
export interface PdfMap {
  /** the map image, of the map box's size at the chosen dpi */
  image: HTMLCanvasElement;
  /** ground metres per image pixel */
  metersPerPixel: number;
}

const PT_PER_MM = 72 / 25.4;
/** The face of the font collection that is embedded (its other face is the monospaced one). */
const FONT_FACE = 'WenQuanYiMicroHei';

let fontBytes: Promise<ArrayBuffer> | null = null;
const loadFont = () => {
  fontBytes ??= fetch(fontUrl).then((r) => {
    if (!r.ok) throw new Error(`font: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  return fontBytes;
};

export async function sheetPdf(layout: SheetLayout, content: SheetContent, map: PdfMap): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(content.title);
  doc.setCreator('ParkAtlas');
  doc.setProducer('ParkAtlas (pdf-lib)');
  // a collection of two faces: fontkit is told which one pdf-lib embeds
  doc.registerFontkit({ create: (bytes: Uint8Array) => fontkit.create(bytes, FONT_FACE) } as unknown as typeof fontkit);
  const font = await doc.embedFont(await loadFont(), { subset: true });
  const page = doc.addPage([layout.widthMm * PT_PER_MM, layout.heightMm * PT_PER_MM]);
  const d = new Drawer(page, font, layout.heightMm);
  const s = layout.scale;

  // title and subtitle
  d.text(content.title, layout.title.x, layout.title.y + 8 * s, 16 * s, rgb(0, 0, 0), layout.title.w);
  d.text(content.subtitle, layout.title.x, layout.title.y + 14.5 * s, 9 * s, rgb(0.2, 0.2, 0.2), layout.title.w);

  // the map, its frame, scale bar and north arrow
  const jpeg = await canvasBytes(map.image, 'image/jpeg', 0.92);
  const img = await doc.embedJpg(jpeg);
  const mb = layout.map;
  page.drawImage(img, { ...d.rect(mb) });
  d.frame(mb, 0.6, rgb(0.2, 0.2, 0.2));
  drawScaleBar(d, mb, s, map.metersPerPixel * (map.image.width / mb.w), content.scaleLabel);
  drawNorthArrow(d, mb, s, content.north);

  // legend
  drawLegend(d, layout.legend, layout.legendColumns, s, content.legend);

  // footer
  let y = layout.footer.y + 3 * s;
  for (const line of content.footer) {
    y = d.wrapped(line, layout.footer.x, y, 6.5 * s, rgb(0.25, 0.25, 0.25), layout.footer.w, 3.2 * s);
  }
  return doc.save();
}

/** Drawing in millimetres from the page's top-left (PDF's own origin is bottom-left, in points). */
class Drawer {
  constructor(
    readonly page: PDFPage,
    readonly font: PDFFont,
    private heightMm: number,
  ) {}
  x = (mm: number) => mm * PT_PER_MM;
  y = (mmFromTop: number) => (this.heightMm - mmFromTop) * PT_PER_MM;
  rect(b: Box) {
    return { x: this.x(b.x), y: this.y(b.y + b.h), width: b.w * PT_PER_MM, height: b.h * PT_PER_MM };
  }
  frame(b: Box, widthPt: number, color: Color) {
    this.page.drawRectangle({ ...this.rect(b), borderColor: color, borderWidth: widthPt });
  }
  fill(b: Box, color: Color, opacity = 1) {
    this.page.drawRectangle({ ...this.rect(b), color, opacity });
  }
  widthMm(text: string, sizePt: number) {
    return this.font.widthOfTextAtSize(text, sizePt) / PT_PER_MM;
  }
  /** One line at a baseline (mm from top), cut with "…" to maxWmm. */
  text(text: string, xMm: number, baselineMm: number, sizePt: number, color: Color, maxWmm = Number.POSITIVE_INFINITY) {
    let s = safe(text, this.font);
    if (this.widthMm(s, sizePt) > maxWmm) {
      while (s.length > 1 && this.widthMm(`${s}…`, sizePt) > maxWmm) s = s.slice(0, -1);
      s = `${s}…`;
    }
    this.page.drawText(s, { x: this.x(xMm), y: this.y(baselineMm), size: sizePt, font: this.font, color });
  }
  /** Text wrapped to maxWmm (at any character: Chinese has no spaces), from a first baseline; returns the next baseline. */
  wrapped(text: string, xMm: number, baselineMm: number, sizePt: number, color: Color, maxWmm: number, lineMm: number): number {
    let line = '';
    let y = baselineMm;
    for (const ch of safe(text, this.font)) {
      if (line && this.widthMm(line + ch, sizePt) > maxWmm) {
        this.page.drawText(line, { x: this.x(xMm), y: this.y(y), size: sizePt, font: this.font, color });
        y += lineMm;
        line = ch.trimStart();
      } else line += ch;
    }
    if (line) this.page.drawText(line, { x: this.x(xMm), y: this.y(y), size: sizePt, font: this.font, color });
    return y + lineMm;
  }
}

/** Characters the font has no glyph for are shown as "?" rather than failing the PDF (text is untrusted data). */
function safe(text: string, font: PDFFont): string {
  const chars = font.getCharacterSet();
  const set = new Set(chars);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
  return [...text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')].map((c) => (set.has(c.codePointAt(0) as number) ? c : '?')).join('');
}

const hex = (color: string): Color => {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  return m
    ? rgb(Number.parseInt(m[1] as string, 16) / 255, Number.parseInt(m[2] as string, 16) / 255, Number.parseInt(m[3] as string, 16) / 255)
    : rgb(0.5, 0.5, 0.5);
};

function drawSwatch(d: Drawer, sw: Swatch, b: Box) {
  if (sw.kind === 'fill') {
    d.fill(b, hex(sw.color), sw.opacity);
    d.frame(b, 0.3, rgb(0.45, 0.45, 0.45));
  } else if (sw.kind === 'line') {
    const y = d.y(b.y + b.h / 2);
    d.page.drawLine({
      start: { x: d.x(b.x), y },
      end: { x: d.x(b.x + b.w), y },
      thickness: sw.width * 0.75,
      color: hex(sw.color),
      dashArray: sw.dash ? sw.dash.map((x) => x * sw.width * 0.75) : undefined,
      lineCap: LineCapStyle.Butt,
    });
  } else {
    if (sw.fill) d.fill(b, hex(sw.fill), sw.fillOpacity);
    if (sw.line) {
      d.frame(b, sw.width * 0.6, hex(sw.line));
      if (sw.gap > 0) {
        const g = (sw.gap + sw.width) * 0.25;
        d.frame({ x: b.x + g, y: b.y + g, w: b.w - 2 * g, h: b.h - 2 * g }, sw.width * 0.6, hex(sw.line));
      }
    }
  }
}

function drawLegend(d: Drawer, box: Box, columns: number, s: number, sections: LegendSection[]) {
  const row = 4.6 * s;
  const size = 7.5 * s;
  const colW = box.w / columns;
  // sections flow down the columns in order
  const items: ({ title: string } | { label: string; swatch: Swatch })[] = sections.flatMap((sec) => [{ title: sec.title }, ...sec.items]);
  const perColumn = Math.max(1, Math.floor(box.h / row));
  items.forEach((it, i) => {
    const col = Math.floor(i / perColumn);
    if (col >= columns) return;
    const x = box.x + col * colW;
    const y = box.y + (i % perColumn) * row;
    if ('title' in it) d.text(it.title, x, y + row * 0.75, size * 1.05, rgb(0, 0, 0), colW - 2 * s);
    else {
      drawSwatch(d, it.swatch, { x, y: y + row * 0.18, w: 6 * s, h: row * 0.62 });
      d.text(it.label, x + 7.5 * s, y + row * 0.72, size, rgb(0.1, 0.1, 0.1), colW - 9 * s);
    }
  });
}

/** A scale bar in the map's bottom-left corner on a white box: `metersPerMm` ground metres per mm of paper. */
function drawScaleBar(d: Drawer, map: Box, s: number, metersPerMm: number, label: (m: number) => string) {
  const meters = niceMeters(35 * s * metersPerMm);
  const len = meters / metersPerMm;
  const x0 = map.x + 5 * s;
  const y = map.y + map.h - 5 * s;
  const text = label(meters);
  d.fill({ x: x0 - 2 * s, y: y - 7 * s, w: len + 4 * s + d.widthMm(text, 6.5 * s) / 2, h: 9 * s }, rgb(1, 1, 1), 0.85);
  const black = rgb(0, 0, 0);
  const half = len / 2;
  // two segments, black and white, as map scale bars are drawn
  d.fill({ x: x0, y: y - 1.4 * s, w: half, h: 1.4 * s }, black);
  d.fill({ x: x0 + half, y: y - 1.4 * s, w: half, h: 1.4 * s }, rgb(1, 1, 1));
  d.frame({ x: x0, y: y - 1.4 * s, w: len, h: 1.4 * s }, 0.5, black);
  d.text('0', x0 - d.widthMm('0', 6.5 * s) / 2, y - 2.4 * s, 6.5 * s, black);
  d.text(text, x0 + len - d.widthMm(text, 6.5 * s) / 2, y - 2.4 * s, 6.5 * s, black);
}

/** A north arrow in the map's top-right corner (the map is never rotated: north is up). */
function drawNorthArrow(d: Drawer, map: Box, s: number, north: string) {
  const cx = map.x + map.w - 9 * s;
  const top = map.y + 4 * s;
  d.fill({ x: cx - 5 * s, y: top - 1 * s, w: 10 * s, h: 17 * s }, rgb(1, 1, 1), 0.85);
  const k = PT_PER_MM;
  // a path in mm relative to the arrow's tip; SVG's y grows downwards, as the page's mm do
  const path = `M 0 0 L ${3.2 * s * k} ${9 * s * k} L 0 ${7 * s * k} Z`;
  const path2 = `M 0 0 L ${-3.2 * s * k} ${9 * s * k} L 0 ${7 * s * k} Z`;
  d.page.drawSvgPath(path, { x: d.x(cx), y: d.y(top + 1 * s), color: rgb(0, 0, 0) });
  d.page.drawSvgPath(path2, { x: d.x(cx), y: d.y(top + 1 * s), color: rgb(1, 1, 1), borderColor: rgb(0, 0, 0), borderWidth: 0.6 });
  d.text(north, cx - d.widthMm(north, 8 * s) / 2, top + 14.5 * s, 8 * s, rgb(0, 0, 0));
}

async function canvasBytes(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
  if (!blob) throw new Error(`the image could not be encoded as ${type}`);
  return new Uint8Array(await blob.arrayBuffer());
}
