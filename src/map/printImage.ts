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
export function drawScaleBar(ctx: CanvasRenderingContext2D, o: { metersPerPixel: number; ratio: number; label: (meters: number) => string }): void {
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
  ctx.font = `${12 * r}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.fillText(o.label(meters), (x0 + x1) / 2, y - 8 * r);
  ctx.restore();
}
