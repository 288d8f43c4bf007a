import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useAppStoreApi } from '../../state/react';
import { useMapController } from '../workspace/mapHandle';
import type { SheetContent, Swatch } from './sheetContent';
import { sheetContent } from './sheetContent';
import { type Box, niceMeters, type SheetLayout, sheetLayout } from './sheetLayout';
import './print.css';

/**
 * The browser's print of the map (Ctrl+P, or the export dialog's 打印): the same page as the PDF (sheetLayout), laid
 * out in millimetres on a page box of its own size. The export dialog prints it with a map drawn again at the dpi
 * chosen; Ctrl+P alone prints the map as drawn on screen (the print cannot wait for a new drawing), on the last paper
 * chosen (A4 landscape at first).
 */
export interface PreparedSheet {
  layout: SheetLayout;
  content: SheetContent;
  /** the map image (a canvas), and ground metres per mm of paper once it is fitted (cover) into the map box */
  image: HTMLCanvasElement;
  metersPerMm: number;
}

const listeners = new Set<(s: PreparedSheet | null) => void>();
let prepared: PreparedSheet | null = null;
let lastPaper: Pick<SheetLayout, 'paper' | 'orientation'> = { paper: 'A4', orientation: 'landscape' };

/** Shows a sheet for the next print (and keeps its paper for Ctrl+P); null: none prepared. */
export function setPrintSheet(s: PreparedSheet | null): void {
  prepared = s;
  if (s) lastPaper = { paper: s.layout.paper, orientation: s.layout.orientation };
  for (const l of listeners) l(s);
}

/** Ground metres per mm of paper of an image drawn to cover a box (its centre kept, its overflow cut). */
export function coverMetersPerMm(imageW: number, imageH: number, box: Box, metersPerPixel: number): number {
  const mmPerPx = Math.max(box.w / imageW, box.h / imageH);
  return metersPerPixel / mmPerPx;
}

/** Mounted once: the sheet while it is printed, and the Ctrl+P path (a copy of the map as drawn). */
export function PrintSheetHost() {
  const [sheet, setSheet] = useState<PreparedSheet | null>(prepared);
  const { t } = useTranslation();
  const app = useAppStoreApi();
  const ctrl = useMapController();
  useEffect(() => {
    listeners.add(setSheet);
    return () => {
      listeners.delete(setSheet);
    };
  }, []);
  useEffect(() => {
    // Ctrl+P: no sheet prepared by the dialog, so one of the map as drawn now (the record's and the figures' prints
    // have their own)
    const before = () => {
      const html = document.documentElement;
      if (prepared || !ctrl || html.classList.contains('printing-record') || html.classList.contains('printing-figures')) return;
      const content = sheetContent(app.api.getState(), t, { printedAt: new Date() });
      if (!content) return;
      const layout = sheetLayout(lastPaper.paper, lastPaper.orientation);
      const snap = ctrl.snapshot();
      const sheet = {
        layout,
        content,
        image: snap.canvas,
        metersPerMm: coverMetersPerMm(snap.canvas.width, snap.canvas.height, layout.map, snap.metersPerPixel),
      };
      prepared = sheet;
      // rendered in this task: the print is laid out right after this event
      flushSync(() => {
        for (const l of listeners) l(sheet);
      });
    };
    const after = () => setPrintSheet(null);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, [ctrl, app, t]);
  return sheet ? createPortal(<Sheet sheet={sheet} />, document.body) : null;
}

const mm = (v: number) => `${v.toFixed(2)}mm`;
const boxStyle = (b: Box) => ({ left: mm(b.x), top: mm(b.y), width: mm(b.w), height: mm(b.h) });

function Sheet({ sheet }: { sheet: PreparedSheet }) {
  const { layout: l, content: c } = sheet;
  const s = l.scale;
  const slot = useRef<HTMLDivElement>(null);
  // the canvas itself, not an image made from it: it prints at once, with no decoding to wait for
  useLayoutEffect(() => {
    sheet.image.dataset.testid = 'print-map';
    sheet.image.className = 'sheet-map-image';
    slot.current?.replaceChildren(sheet.image);
  }, [sheet.image]);
  const meters = niceMeters(35 * s * sheet.metersPerMm);
  const barMm = meters / sheet.metersPerMm;
  return (
    <div
      className="print-sheet"
      data-testid="print-sheet"
      data-paper={l.paper}
      data-orientation={l.orientation}
      style={{ width: mm(l.widthMm), height: mm(l.heightMm) }}
    >
      <style>{`@page mapsheet { size: ${l.widthMm}mm ${l.heightMm}mm; margin: 0; }`}</style>
      <header className="sheet-title" style={boxStyle(l.title)}>
        <h1 style={{ fontSize: `${16 * s}pt` }}>{c.title}</h1>
        <p style={{ fontSize: `${9 * s}pt` }}>{c.subtitle}</p>
      </header>
      <div className="sheet-map" style={boxStyle(l.map)}>
        <div className="sheet-map-slot" ref={slot} />
        <svg
          className="sheet-north"
          viewBox="-10 -2 20 34"
          style={{ width: mm(10 * s), height: mm(17 * s), right: mm(4 * s), top: mm(3 * s) }}
          aria-hidden="true"
        >
          <rect x="-10" y="-2" width="20" height="34" fill="#fff" fillOpacity="0.85" />
          <path d="M0 0 L6.4 18 L0 14 Z" fill="#000" />
          <path d="M0 0 L-6.4 18 L0 14 Z" fill="#fff" stroke="#000" strokeWidth="1" />
          <text x="0" y="29" textAnchor="middle" fontSize="9" fontWeight="bold">
            {c.north}
          </text>
        </svg>
        <div className="sheet-scale" style={{ left: mm(3 * s), bottom: mm(3 * s), fontSize: `${6.5 * s}pt` }}>
          <div className="sheet-scale-labels" style={{ width: mm(barMm) }}>
            <span>0</span>
            <span>{c.scaleLabel(meters)}</span>
          </div>
          <div className="sheet-scale-bar" style={{ width: mm(barMm), height: mm(1.4 * s) }} />
        </div>
      </div>
      <div className="sheet-legend" style={{ ...boxStyle(l.legend), columnCount: l.legendColumns, fontSize: `${7.5 * s}pt` }}>
        {c.legend.map((sec) => (
          <section key={sec.title}>
            <h3>{sec.title}</h3>
            <ul>
              {sec.items.map((it) => (
                <li key={it.label}>
                  <SwatchSvg swatch={it.swatch} s={s} />
                  {it.label}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <footer className="sheet-footer" style={{ ...boxStyle(l.footer), fontSize: `${6.5 * s}pt` }}>
        {c.footer.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </footer>
    </div>
  );
}

function SwatchSvg({ swatch, s }: { swatch: Swatch; s: number }) {
  const style = { width: mm(6 * s), height: mm(2.8 * s) };
  if (swatch.kind === 'fill')
    return (
      <svg className="sheet-swatch" viewBox="0 0 24 11" style={style} aria-hidden="true">
        <rect x="0.5" y="0.5" width="23" height="10" fill={swatch.color} fillOpacity={swatch.opacity} stroke="#777" strokeWidth="0.8" />
      </svg>
    );
  if (swatch.kind === 'line')
    return (
      <svg className="sheet-swatch" viewBox="0 0 24 11" style={style} aria-hidden="true">
        <line
          x1="0"
          y1="5.5"
          x2="24"
          y2="5.5"
          stroke={swatch.color}
          strokeWidth={swatch.width}
          strokeDasharray={swatch.dash?.map((d) => d * swatch.width).join(' ')}
        />
      </svg>
    );
  const g = swatch.gap + swatch.width;
  return (
    <svg className="sheet-swatch" viewBox="0 0 24 11" style={style} aria-hidden="true">
      <rect x="1" y="1" width="22" height="9" fill={swatch.fill ?? 'none'} fillOpacity={swatch.fillOpacity} />
      {swatch.line && <rect x="1" y="1" width="22" height="9" fill="none" stroke={swatch.line} strokeWidth={swatch.width} />}
      {swatch.line && swatch.gap > 0 && (
        <rect x={1 + g} y={1 + g} width={22 - 2 * g} height={9 - 2 * g} fill="none" stroke={swatch.line} strokeWidth={swatch.width} />
      )}
    </svg>
  );
}
