import * as z from 'zod';
import { notJsonParams } from '../../data/jsonError';
import { type Problem, problem, quoted } from '../../data/problem';
import { schemaIssue } from '../../data/schemaIssue';
import { METRICS } from '../../domain/metrics';
import { TOGGLE_KEYS } from '../view';

/**
 * A dataset's tour (`geodata/<dataset>/tour.json`): the stops a presenter shows in turn. A stop is a zone, a parcel
 * or a free view, with its title and caption (Chinese, and English when given), what it shows (the box to fit to the
 * screen, the metric, the layer groups) — see docs/presentation.md. Read like every input: each stop is checked on
 * its own, a bad stop is left out with a problem naming it and its member, the others are kept.
 */
export const TOUR_FILE = 'tour.json';
export const TOUR_VERSION = 1;
export const STOP_KINDS = ['zone', 'parcel', 'view'] as const;
export type StopKind = (typeof STOP_KINDS)[number];
/** Limits that keep a tour a tour (and a hostile file small in memory). */
export const TOUR_LIMITS = { stops: 200, title: 120, caption: 600, id: 64 } as const;

const lng = z.number().min(-180).max(180);
const lat = z.number().min(-85.051129).max(85.051129);
/** [west, south, east, north] in degrees (lon/lat, as the app's coordinates) */
const bounds = z.tuple([lng, lat, lng, lat]).refine(([w, s, e, n]) => w < e && s < n, { error: 'bounds-order' });

export const stopSchema = z
  .strictObject({
    id: z.string().min(1).max(TOUR_LIMITS.id),
    kind: z.enum(STOP_KINDS),
    /** the zone shown (a zone stop), or the zone in scope of a parcel or view stop */
    zone: z.string().min(1).max(TOUR_LIMITS.id).optional(),
    /** the parcel shown (a parcel stop): it is selected and outlined */
    parcel: z.string().min(1).max(TOUR_LIMITS.id).optional(),
    title: z.string().max(TOUR_LIMITS.title),
    titleEn: z.string().max(TOUR_LIMITS.title).optional(),
    caption: z.string().max(TOUR_LIMITS.caption).default(''),
    captionEn: z.string().max(TOUR_LIMITS.caption).optional(),
    /** what the screen shows, fitted to it whatever its size; default: the zone's or the parcel's box */
    bounds: bounds.optional(),
    metric: z.enum(METRICS).optional(),
    /** the layer groups shown (the others hidden); default: the app's default layers */
    layers: z.array(z.enum(TOGGLE_KEYS)).max(TOGGLE_KEYS.length).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'zone' && !s.zone) ctx.addIssue({ code: 'custom', message: 'stop-needs', params: { member: 'zone' }, path: ['zone'] });
    if (s.kind === 'parcel' && !s.parcel) ctx.addIssue({ code: 'custom', message: 'stop-needs', params: { member: 'parcel' }, path: ['parcel'] });
    if (s.kind === 'view' && !s.bounds) ctx.addIssue({ code: 'custom', message: 'stop-needs', params: { member: 'bounds' }, path: ['bounds'] });
  });

export type TourStop = z.infer<typeof stopSchema>;
export type Bounds = [number, number, number, number];

export interface Tour {
  version: typeof TOUR_VERSION;
  title: string;
  titleEn?: string;
  stops: TourStop[];
}

const headSchema = z.strictObject({
  version: z.literal(TOUR_VERSION),
  title: z.string().max(TOUR_LIMITS.title).default(''),
  titleEn: z.string().max(TOUR_LIMITS.title).optional(),
  stops: z.array(z.unknown()).max(TOUR_LIMITS.stops),
});

export const EMPTY_TOUR: Tour = { version: TOUR_VERSION, title: '', stops: [] };

/**
 * The tour of a tour.json text, with what was wrong: a file that is not JSON or not a tour gives the empty tour and
 * an error; a stop that breaks the schema (or repeats an id) is left out with an error naming its index, id and member.
 */
export function parseTour(text: string, file = TOUR_FILE): { tour: Tour; problems: Problem[] } {
  const problems: Problem[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(problem({ file, severity: 'error', category: 'file', code: 'not-json', params: notJsonParams(e) }));
    return { tour: EMPTY_TOUR, problems };
  }
  const head = headSchema.safeParse(json);
  if (!head.success) {
    for (const i of head.error.issues.slice(0, ISSUES_MAX))
      problems.push(
        problem({ file, property: i.path.join('.') || null, severity: 'error', category: 'file', code: 'bad-tour', params: { issue: schemaIssue(i) } }),
      );
    return { tour: EMPTY_TOUR, problems };
  }
  const stops: TourStop[] = [];
  const ids = new Set<string>();
  head.data.stops.forEach((raw, index) => {
    const r = stopSchema.safeParse(raw);
    const rawId = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : null;
    const at = { file, featureIndex: index, featureId: typeof rawId === 'string' ? rawId : null, severity: 'error' as const, category: 'file' as const };
    if (!r.success) {
      for (const i of r.error.issues.slice(0, ISSUES_MAX))
        problems.push(problem({ ...at, property: i.path.join('.') || null, code: 'bad-tour-stop', params: { issue: schemaIssue(i, `stops.${index}`) } }));
      return;
    }
    if (ids.has(r.data.id)) {
      problems.push(problem({ ...at, property: 'id', code: 'duplicate-stop', params: { id: quoted(r.data.id) } }));
      return;
    }
    ids.add(r.data.id);
    stops.push(r.data);
  });
  const { version, title, titleEn } = head.data;
  return { tour: { version, title, ...(titleEn !== undefined ? { titleEn } : {}), stops }, problems };
}

const ISSUES_MAX = 20;

/** The tour as tour.json's text (two-space JSON, members in the schema's order), ready to replace the dataset's file. */
export function serializeTour(tour: Tour): string {
  return `${JSON.stringify(tour, null, 2)}\n`;
}

/** What the loaded data say of a tour's stops: the zones and parcels it names that they do not have (warnings). */
export function checkTourAgainstData(tour: Tour, facts: { zoneIds: readonly string[]; hasParcel(id: string): boolean }, file = TOUR_FILE): Problem[] {
  const out: Problem[] = [];
  tour.stops.forEach((s, index) => {
    const at = { file, featureIndex: index, featureId: s.id, severity: 'warning' as const, category: 'file' as const };
    if (s.zone && !facts.zoneIds.includes(s.zone)) out.push(problem({ ...at, property: 'zone', code: 'stop-not-in-data', params: { value: quoted(s.zone) } }));
    if (s.parcel && !facts.hasParcel(s.parcel)) out.push(problem({ ...at, property: 'parcel', code: 'stop-not-in-data', params: { value: quoted(s.parcel) } }));
  });
  return out;
}

/** A stop's title and caption in the language shown (the Chinese when no English is given). */
export function stopText(s: Pick<TourStop, 'title' | 'titleEn' | 'caption' | 'captionEn'>, lang: 'zh' | 'en'): { title: string; caption: string } {
  return lang === 'en' ? { title: s.titleEn || s.title, caption: s.captionEn || s.caption } : { title: s.title, caption: s.caption };
}
