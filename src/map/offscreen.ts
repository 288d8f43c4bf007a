import { type FeatureIdentifier, Map as MapLibreMap, MercatorCoordinate, type StyleSpecification } from 'maplibre-gl';
import { HATCH_IMAGE, hatchPixels } from './style';

/**
 * Map images for print and export, drawn again off screen at a higher pixel ratio, never an upscaled screenshot.
 *
 * MapLibre caps its canvas at `maxCanvasSize` (4096 × 4096 by default) and caps silently: asked for more, it lowers
 * the pixel ratio it draws at. The cap is raised here to what the GPU can draw (its largest renderbuffer and viewport),
 * and an image larger than that is drawn in tiles, each a map of its own whose camera is moved by the tile's offset,
 * put side by side on a 2D canvas. Every tile is drawn with a margin that is cut away, so that labels near a seam are
 * placed as in the whole picture. The size of what was drawn is read from the canvas and checked, not assumed.
 */
export interface ImageRequest {
  widthPx: number;
  heightPx: number;
  /** canvas pixels per CSS pixel: dpi / 96 for paper, output width / screen width for a sharper copy of the screen */
  pixelRatio: number;
  /** what the image must show, fitted into it (the rest of the image shows what lies around it) */
  bounds: [number, number, number, number];
  /** tiles no larger than this (px; default: the GPU's limit) — tests make it small to test the tiling */
  maxTilePx?: number;
}

export interface MapImage {
  canvas: HTMLCanvasElement;
  /** how many maps were drawn (1: in one piece) */
  tiles: number;
  /** ground metres per image pixel at the image's centre */
  metersPerPixel: number;
  /** the image's centre and zoom */
  center: [number, number];
  zoom: number;
}

export interface FeatureStates {
  source: string;
  sourceLayer?: string;
  /** id → state, as on the map shown (filters, selection, review marks) */
  states: Iterable<[string, Record<string, unknown>]>;
}

/** Margin (CSS px) drawn around each tile and cut away: labels near a seam are placed as in the whole picture. */
const TILE_MARGIN_CSS = 96;
/** Largest image side this module draws; beyond it the browser's 2D canvas (and its memory) gives up. */
export const MAX_IMAGE_PX = 16_384;
const TILE_SIZE = 512;

let gpuLimit: number | null = null;
/** The largest square the GPU can draw into: the least of its renderbuffer, texture and viewport limits. */
export function gpuMaxCanvasPx(): number {
  if (gpuLimit != null) return gpuLimit;
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return 4096;
  const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
  gpuLimit = Math.min(
    gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number,
    gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
    viewport[0] ?? 4096,
    viewport[1] ?? 4096,
  );
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return gpuLimit;
}

/** Renders `style` into a new image of exactly widthPx × heightPx. */
export async function renderMapImage(style: StyleSpecification, req: ImageRequest, states: FeatureStates | null): Promise<MapImage> {
  const W = Math.round(req.widthPx);
  const H = Math.round(req.heightPx);
  if (!(W > 0 && H > 0) || W > MAX_IMAGE_PX || H > MAX_IMAGE_PX) throw new RangeError(`image size ${W}×${H} outside 1–${MAX_IMAGE_PX}`);
  const pr = req.pixelRatio;
  const limit = Math.min(gpuMaxCanvasPx(), req.maxTilePx ?? Number.POSITIVE_INFINITY);
  // the camera of the whole image: the bounds fitted into its CSS size
  const { center, zoom } = fitCamera(req.bounds, W / pr, H / pr);
  const out = document.createElement('canvas');
  out.width = W;
  out.height = H;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);

  const slack = 2 * Math.ceil(pr);
  const single = W + slack <= limit && H + slack <= limit;
  const margin = single ? 0 : Math.ceil(TILE_MARGIN_CSS * pr);
  const step = single ? Math.max(W, H) : limit - 2 * margin - slack;
  if (step <= 0) throw new RangeError('tile limit too small');
  const pieces: { x: number; y: number; w: number; h: number }[] = [];
  for (let y = 0; y < H; y += step) for (let x = 0; x < W; x += step) pieces.push({ x, y, w: Math.min(step, W - x), h: Math.min(step, H - y) });

  const worldSize = TILE_SIZE * 2 ** zoom;
  const c = MercatorCoordinate.fromLngLat(center);
  for (const p of pieces) {
    // the piece's centre, in CSS px from the image's centre, gives its own camera centre at the same zoom
    const dx = (p.x + p.w / 2 - W / 2) / pr;
    const dy = (p.y + p.h / 2 - H / 2) / pr;
    const pieceCenter = new MercatorCoordinate(c.x + dx / worldSize, c.y + dy / worldSize).toLngLat();
    const canvas = await drawOnce(style, {
      cssWidth: Math.ceil((p.w + 2 * margin) / pr),
      cssHeight: Math.ceil((p.h + 2 * margin) / pr),
      pixelRatio: pr,
      center: [pieceCenter.lng, pieceCenter.lat],
      zoom,
      states,
    });
    // the canvas holds the piece at its centre (plus the margin and up to a pixel ratio's rounding): cut it out
    const ox = Math.floor((canvas.width - p.w) / 2);
    const oy = Math.floor((canvas.height - p.h) / 2);
    if (ox < 0 || oy < 0) throw new Error(`the map drew ${canvas.width}×${canvas.height} px for a piece of ${p.w}×${p.h}`);
    ctx.drawImage(canvas, ox, oy, p.w, p.h, p.x, p.y, p.w, p.h);
  }
  const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
  const metersPerCssPx = (EARTH_CIRCUMFERENCE_M * Math.cos((center[1] * Math.PI) / 180)) / worldSize;
  return { canvas: out, tiles: pieces.length, metersPerPixel: metersPerCssPx / pr, center, zoom };
}

/** The centre and zoom that fit `bounds` into a box of css px (Web Mercator, 512 px tiles, no padding). */
export function fitCamera(bounds: [number, number, number, number], cssWidth: number, cssHeight: number): { center: [number, number]; zoom: number } {
  const sw = MercatorCoordinate.fromLngLat([bounds[0], bounds[1]]);
  const ne = MercatorCoordinate.fromLngLat([bounds[2], bounds[3]]);
  const spanX = Math.max(1e-12, ne.x - sw.x);
  const spanY = Math.max(1e-12, sw.y - ne.y);
  const zoom = Math.log2(Math.min(cssWidth / (spanX * TILE_SIZE), cssHeight / (spanY * TILE_SIZE)));
  const mid = new MercatorCoordinate((sw.x + ne.x) / 2, (sw.y + ne.y) / 2).toLngLat();
  return { center: [mid.lng, mid.lat], zoom };
}

/** One map drawn off screen and copied to a 2D canvas; the map is removed afterwards. */
async function drawOnce(
  style: StyleSpecification,
  o: { cssWidth: number; cssHeight: number; pixelRatio: number; center: [number, number]; zoom: number; states: FeatureStates | null },
): Promise<HTMLCanvasElement> {
  const host = document.createElement('div');
  // off screen but laid out (a hidden element has no size)
  host.style.cssText = `position:fixed;left:-${o.cssWidth + 100}px;top:0;width:${o.cssWidth}px;height:${o.cssHeight}px;visibility:hidden;pointer-events:none`;
  host.setAttribute('aria-hidden', 'true');
  document.body.append(host);
  const map = new MapLibreMap({
    container: host,
    style,
    center: o.center,
    zoom: o.zoom,
    pixelRatio: o.pixelRatio,
    // raised from MapLibre's 4096 to what the GPU draws (renderMapImage keeps each map within it)
    maxCanvasSize: [gpuMaxCanvasPx(), gpuMaxCanvasPx()],
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    maxPitch: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  // the hatch over parcels with no value, made as on screen (MapController)
  map.setMissingStyleImageResolver((id) => {
    if (id === HATCH_IMAGE && !map.hasImage(HATCH_IMAGE)) map.addImage(HATCH_IMAGE, hatchPixels());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      map.once('load', () => {
        if (o.states) applyStates(map, o.states);
        map.once('idle', () => resolve());
        map.triggerRepaint();
      });
      map.once('error', (e) => reject(e.error ?? new Error('map error')));
    });
    const src = map.getCanvas();
    const want = [Math.floor(o.cssWidth * o.pixelRatio), Math.floor(o.cssHeight * o.pixelRatio)];
    // MapLibre rounds the canvas to whole pixels its own way: a pixel more is cut away with the margin, a pixel less
    // (or many: a silent cap) is an error
    const drawnOk = (got: number, asked: number) => got >= asked && got <= asked + 2;
    if (!drawnOk(src.width, want[0] as number) || !drawnOk(src.height, want[1] as number))
      throw new Error(`the map drew ${src.width}×${src.height} px where ${want[0]}×${want[1]} were asked (pixel ratio ${map.getPixelRatio()})`);
    const copy = document.createElement('canvas');
    copy.width = src.width;
    copy.height = src.height;
    copy.getContext('2d')?.drawImage(src, 0, 0);
    return copy;
  } finally {
    map.remove();
    host.remove();
  }
}

function applyStates(map: MapLibreMap, s: FeatureStates): void {
  const base: Omit<FeatureIdentifier, 'id'> = s.sourceLayer ? { source: s.source, sourceLayer: s.sourceLayer } : { source: s.source };
  for (const [id, state] of s.states) map.setFeatureState({ ...base, id }, state);
}
