import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemMessage } from '../../src/data/problem';
import { addStop, deleteStop, freshStopId, moveStop, updateStop } from '../../src/state/tour/tourEdits';
import { checkTourAgainstData, parseTour, serializeTour, stopText, TOUR_LIMITS, type Tour } from '../../src/state/tour/tourFile';
import { readLuohe } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';

/** Issue 23: a dataset's tour.json, read like every input, and the edits of the tour panel. */
const shipped = readFileSync(join(ROOT, 'geodata', 'luohe', 'tour.json'), 'utf8');

describe('the embedded dataset’s tour', () => {
  it('reads with no problem: the six zones and key projects, every zone and parcel it names in the data', async () => {
    const { tour, problems } = parseTour(shipped);
    expect(problems).toEqual([]);
    const ds = await readLuohe();
    const zoneStops = tour.stops.filter((s) => s.kind === 'zone').map((s) => s.zone);
    expect(new Set(zoneStops)).toEqual(new Set(ds.zones.map((z) => z.id)));
    expect(zoneStops).toHaveLength(6);
    expect(tour.stops.filter((s) => s.kind === 'parcel').length).toBeGreaterThanOrEqual(3);
    const ids = new Set(ds.parcelList.map((p) => p.props.id));
    expect(checkTourAgainstData(tour, { zoneIds: ds.zones.map((z) => z.id), hasParcel: (id) => ids.has(id) })).toEqual([]);
    for (const s of tour.stops) {
      expect(s.title.length, s.id).toBeGreaterThan(0);
      expect(s.titleEn?.length ?? 0, s.id).toBeGreaterThan(0);
    }
  });

  it('a zone stop’s caption gives its leading industry’s 2018 revenue target as the plan sets it, never as the zone’s', () => {
    const plan = JSON.parse(readFileSync(join(ROOT, 'src', 'domain', 'plan-2016-2018.json'), 'utf8')) as {
      zones: { id: string; leadingIndustryRevenueTarget2018: { value: number } }[];
    };
    for (const s of parseTour(shipped).tour.stops.filter((x) => x.kind === 'zone' && x.zone)) {
      const target = plan.zones.find((z) => z.id === s.zone)?.leadingIndustryRevenueTarget2018.value;
      expect(target, s.id).toBeDefined();
      expect(s.caption, s.id).toContain(`${target} 亿元`);
      expect(s.caption, s.id).not.toContain('主营业务收入');
      expect(s.captionEn, s.id).toContain(`${(target as number) / 10} billion yuan`);
      expect(s.captionEn, s.id).not.toMatch(/the plan's 2018 revenue target/);
    }
  });

  it('written back as the same tour (an unedited export replaces tour.json with itself)', () => {
    expect(JSON.parse(serializeTour(parseTour(shipped).tour))).toEqual(JSON.parse(shipped));
  });
});

describe('a bad tour.json', () => {
  it('not JSON: the empty tour and an error naming the file', () => {
    const { tour, problems } = parseTour('{"version": 1, "stops": [', 'geodata/x/tour.json');
    expect(tour.stops).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'geodata/x/tour.json', code: 'not-json', severity: 'error' });
  });

  it('a later version or no stops array: the empty tour and an error naming the member', () => {
    for (const text of ['{"version": 2, "stops": []}', '{"version": 1, "stops": {}}', '[]']) {
      const { tour, problems } = parseTour(text);
      expect(tour.stops, text).toEqual([]);
      expect(problems.length, text).toBeGreaterThan(0);
      expect(
        problems.every((p) => p.code === 'bad-tour'),
        text,
      ).toBe(true);
    }
  });

  it('keeps the good stops; each bad one is left out with its index, id, member and a message in both languages', () => {
    const good = { id: 'a', kind: 'zone', zone: 'jingji', title: '经济技术' };
    const text = JSON.stringify({
      version: 1,
      title: '观摩',
      stops: [
        good,
        { id: 'b', kind: 'parcel', title: '缺宗地' },
        { id: 'c', kind: 'view', title: '范围颠倒', bounds: [114.1, 33.6, 114.0, 33.7] },
        { id: 'd', kind: 'zone', zone: 'x', title: 'x'.repeat(TOUR_LIMITS.title + 1) },
        { id: 'e', kind: 'zone', zone: 'x', title: 'e', metric: '=HYPERLINK("x")' },
        { id: 'a', kind: 'zone', zone: 'yuanhui', title: '重复编号' },
        { id: 'f', kind: 'zone', zone: 'x', title: 'f', script: '<img src=x onerror=alert(1)>' },
        'not a stop',
        { id: 'g', kind: 'view', title: '<b>不是 HTML</b>', bounds: [113.9, 33.5, 114.1, 33.7] },
      ],
    });
    const { tour, problems } = parseTour(text, 'tour.json');
    expect(tour.title).toBe('观摩');
    expect(tour.stops.map((s) => s.id)).toEqual(['a', 'g']);
    // untrusted text is kept as text
    expect(tour.stops[1]?.title).toBe('<b>不是 HTML</b>');
    const byIndex = new Map(problems.map((p) => [p.featureIndex, p]));
    expect([...byIndex.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(byIndex.get(1)).toMatchObject({ featureId: 'b', property: 'parcel', code: 'bad-tour-stop' });
    expect(byIndex.get(2)).toMatchObject({ featureId: 'c', property: 'bounds', code: 'bad-tour-stop' });
    expect(byIndex.get(3)).toMatchObject({ featureId: 'd', property: 'title' });
    expect(byIndex.get(4)).toMatchObject({ featureId: 'e', property: 'metric' });
    expect(byIndex.get(5)).toMatchObject({ featureId: 'a', property: 'id', code: 'duplicate-stop' });
    expect(byIndex.get(7)).toMatchObject({ featureId: null, code: 'bad-tour-stop' });
    for (const p of problems) {
      expect(p.message.length, p.code).toBeGreaterThan(0);
      expect(p.message, p.code).not.toMatch(/problem\.|{{/);
      const en = problemMessage('en', p);
      expect(en, p.code).not.toMatch(/problem\.|{{|[\u4e00-\u9fff]{2}/);
    }
    expect(byIndex.get(1)?.message).toContain('parcel');
  });

  it('stops naming a zone or parcel the data do not have: a warning each, the stop kept', () => {
    const { tour } = parseTour(
      JSON.stringify({
        version: 1,
        stops: [
          { id: 'z', kind: 'zone', zone: 'nowhere', title: 'z' },
          { id: 'p', kind: 'parcel', zone: 'jingji', parcel: 'NO-SUCH', title: 'p' },
        ],
      }),
    );
    const warnings = checkTourAgainstData(tour, { zoneIds: ['jingji'], hasParcel: () => false });
    expect(warnings.map((w) => [w.featureIndex, w.featureId, w.property, w.severity])).toEqual([
      [0, 'z', 'zone', 'warning'],
      [1, 'p', 'parcel', 'warning'],
    ]);
  });
});

describe('editing a tour', () => {
  const tour: Tour = parseTour(shipped).tour;
  const stop = { id: 'new', kind: 'view' as const, title: '新视图', caption: '', bounds: [113.9, 33.5, 114.1, 33.7] as [number, number, number, number] };

  it('adds, edits, moves and deletes stops by id, never losing another stop', () => {
    const n = tour.stops.length;
    const added = addStop(tour, stop, 1);
    expect(added.stops.map((s) => s.id).slice(0, 3)).toEqual([tour.stops[0]?.id, 'new', tour.stops[1]?.id]);
    const edited = updateStop(added, 'new', { title: '改名', caption: '说明' });
    expect(edited.stops[1]).toMatchObject({ id: 'new', title: '改名', caption: '说明', kind: 'view' });
    expect(moveStop(edited, 'new', -5).stops[0]?.id).toBe('new');
    expect(moveStop(edited, 'new', 99).stops.at(-1)?.id).toBe('new');
    expect(moveStop(edited, 'missing', 1)).toBe(edited);
    const back = deleteStop(edited, 'new');
    expect(back.stops.map((s) => s.id)).toEqual(tour.stops.map((s) => s.id));
    expect(back.stops).toHaveLength(n);
    // an edited tour, exported, reads back as it was
    expect(parseTour(serializeTour(edited))).toEqual({ tour: edited, problems: [] });
  });

  it('a fresh id is not one in use', () => {
    const t2 = addStop(addStop(tour, { ...stop, id: freshStopId(tour) }), { ...stop, id: `s${tour.stops.length + 2}` });
    const id = freshStopId(t2);
    expect(t2.stops.some((s) => s.id === id)).toBe(false);
  });

  it('a stop’s text in English falls back to the Chinese where none is given', () => {
    expect(stopText({ title: '标题', caption: '说明' }, 'en')).toEqual({ title: '标题', caption: '说明' });
    expect(stopText({ title: '标题', titleEn: 'Title', caption: '说明' }, 'en')).toEqual({ title: 'Title', caption: '说明' });
  });
});
