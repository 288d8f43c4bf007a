/** Lengths a scale bar may show: 1, 2 or 5 times a power of ten metres. */
export function niceLength(maxMeters: number): number {
  const p = 10 ** Math.floor(Math.log10(maxMeters));
  const m = maxMeters / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/**
 * A scale bar in the bottom-right corner of a map image: at most 120 CSS pixels long, `ratio` canvas pixels per CSS
 * pixel, drawn with a white halo so it reads on any fill.
 */
export function drawScaleBar(
  ctx: CanvasRenderingContext2D,
  o: { metersPerPixel: number; ratio: number; label: (meters: number) => string; font?: string },
): void {
  const meters = niceLength(120 * o.metersPerPixel);
  const len = (meters / o.metersPerPixel) * o.ratio;
  const r = o.ratio;
  const x1 = ctx.canvas.width - 12 * r;
  const x0 = x1 - len;
  const y = ctx.canvas.height - 12 * r;
  ctx.save();
  ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
  ctx.fillRect(x0 - 6 * r, y - 22 * r, len + 12 * r, 28 * r);
  ctx.strokeStyle = '#333333';
  ctx.lineWidth = 2 * r;
  ctx.beginPath();
  ctx.moveTo(x0, y - 6 * r);
  ctx.lineTo(x0, y);
  ctx.lineTo(x1, y);
  ctx.lineTo(x1, y - 6 * r);
  ctx.stroke();
  ctx.fillStyle = '#222222';
  ctx.font = `${12 * r}px ${o.font ?? 'sans-serif'}`;
  ctx.textAlign = 'center';
  ctx.fillText(o.label(meters), (x0 + x1) / 2, y - 8 * r);
  ctx.restore();
}

/** A north arrow in the top-right corner of a map image (the map is never rotated: north is up). */
export function drawNorthArrow(ctx: CanvasRenderingContext2D, o: { ratio: number; label: string; font: string }): void {
  const r = o.ratio;
  const cx = ctx.canvas.width - 28 * r;
  const top = 14 * r;
  ctx.save();
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(cx - 16 * r, top - 4 * r, 32 * r, 54 * r);
  ctx.beginPath();
  ctx.moveTo(cx, top);
  ctx.lineTo(cx + 10 * r, top + 28 * r);
  ctx.lineTo(cx, top + 22 * r);
  ctx.closePath();
  ctx.fillStyle = '#000000';
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(cx, top);
  ctx.lineTo(cx - 10 * r, top + 28 * r);
  ctx.lineTo(cx, top + 22 * r);
  ctx.closePath();
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 1.5 * r;
  ctx.strokeStyle = '#000000';
  ctx.stroke();
  ctx.fillStyle = '#000000';
  ctx.font = `bold ${13 * r}px ${o.font}`;
  ctx.textAlign = 'center';
  ctx.fillText(o.label, cx, top + 45 * r);
  ctx.restore();
}

/** Lines of text in the bottom-left corner of a map image, on a white band (sources, as-of date, note). */
export function drawCornerText(ctx: CanvasRenderingContext2D, o: { ratio: number; lines: string[]; font: string }): void {
  const r = o.ratio;
  const size = 11 * r;
  ctx.save();
  ctx.font = `${size}px ${o.font}`;
  const maxW = ctx.canvas.width * 0.62;
  // every line whole (the sources and the illustrative-data note are never cut), wrapped within the band
  const lines = o.lines.flatMap((l) => wrapText(l, maxW, (s) => ctx.measureText(s).width));
  const w = Math.max(...lines.map((l) => ctx.measureText(l).width)) + 12 * r;
  const h = lines.length * size * 1.35 + 8 * r;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(0, ctx.canvas.height - h, w, h);
  ctx.fillStyle = '#222222';
  lines.forEach((l, i) => {
    ctx.fillText(l, 6 * r, ctx.canvas.height - h + 4 * r + size * (i + 1) * 1.35 - size * 0.3);
  });
  ctx.restore();
}

/**
 * Text broken into lines no wider than `maxWidth`: between CJK characters anywhere, between other words at spaces (a
 * word wider than a line is broken where it must be).
 */
export function wrapText(text: string, maxWidth: number, width: (s: string) => number): string[] {
  const tokens = text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+/g) ?? [];
  const out: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (width(line + token) <= maxWidth || line.trim() === '') {
      line += token;
      // a single word wider than the line: broken by characters
      while (width(line) > maxWidth && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && width(line.slice(0, cut)) > maxWidth) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
      continue;
    }
    out.push(line.trimEnd());
    line = /^\s+$/.test(token) ? '' : token;
  }
  if (line.trim() !== '' || out.length === 0) out.push(line.trimEnd());
  return out;
}
