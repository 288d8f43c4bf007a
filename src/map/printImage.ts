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
  const lines = o.lines.map((l) => {
    let s = l;
    while (s.length > 1 && ctx.measureText(s).width > maxW) s = s.slice(0, -2);
    return s === l ? s : `${s}…`;
  });
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
