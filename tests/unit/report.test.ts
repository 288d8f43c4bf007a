import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnContext, csvCell, REPORT_COLUMNS } from '../../src/analysis/report';
import { withChecks } from '../../src/domain/lowEfficiency';
import { ruleSources } from '../../src/domain/sources';
import { translate } from '../../src/i18n/plain';
import { analyseLuohe, auditReport, LUOHE, readLuohe, type TestAnalysis } from '../helpers/analyse';
import { folderReader } from '../helpers/fixtures';

/** Report formats (src/analysis/report.ts): written a part at a time, the same as in one piece; CSV cells. */

let a: TestAnalysis;
/** the dataset's layers and its parcels as read (no analysis) */
let ds: Awaited<ReturnType<typeof readLuohe>>;

beforeAll(async () => {
  a = await analyseLuohe();
  ds = await readLuohe();
});

const luohe = folderReader(LUOHE);

describe('reports written a part at a time', () => {
  it('the CSV equals the CSV built in one go by papaparse from every result', async () => {
    const fields = REPORT_COLUMNS.map((c) => translate('zh', `column.${c.key}`));
    const ctx = columnContext({ zoneNames: ds.zones }, 'zh');
    const data = a.parcels.map((r) => REPORT_COLUMNS.map((c) => csvCell(c.value(r, ctx, () => withChecks(r, a.rules, a.asOfDate)))));
    const whole = `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}\r\n`;
    expect(await auditReport(luohe, 'csv', { featuresPerPart: 500 })).toBe(whole);
  });
  it('the JSON report is the report built in one go, sources by id, whatever the part size', async () => {
    const text = await auditReport(luohe, 'json');
    for (const size of [1, 7, 5000]) expect(await auditReport(luohe, 'json', { featuresPerPart: size })).toBe(text);
    const report = JSON.parse(text) as { sources: Record<string, { zh: string; en: string }>; parcels: unknown[] } & Record<string, unknown>;
    // built here in one go: every parcel's detail, its sources listed once in the tail and the checks' Chinese text left out
    const detailed = a.parcels.map((r) => withChecks(r, a.rules, a.asOfDate));
    const sources = Object.fromEntries(ruleSources(a.rules));
    for (const d of detailed) for (const id of Object.keys(d.sources)) expect(sources[id]).toBeDefined();
    const parcels = detailed.map(({ sources: _s, ...d }) => ({
      ...d,
      lowEfficiency: { ...d.lowEfficiency, checks: d.lowEfficiency.checks.map(({ source: _t, ...c }) => c) },
    }));
    const rules = { name: a.rules.name, schemaVersion: 2, controlEdition: '2008' };
    const expected = {
      asOf: a.asOfDate,
      dataset: a.datasetName,
      illustrative: a.illustrative,
      rules,
      parcels,
      zones: a.zones,
      city: a.city,
      grading: a.grading,
      problems: a.problems,
      sources,
    };
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(Object.keys(report)).toEqual(['asOf', 'dataset', 'illustrative', 'rules', 'parcels', 'zones', 'city', 'grading', 'problems', 'sources']);
  });
  it('the GeoJSON report is the parcels with their results as properties, geometry kept', async () => {
    const geometryOf = new Map(a.parcels.map((p, i) => [p.id, a.geometries[i]]));
    const report = JSON.parse(await auditReport(luohe, 'geojson', { featuresPerPart: 3 }));
    expect(report.type).toBe('FeatureCollection');
    expect(report.features).toHaveLength(a.parcels.length);
    const i = 17;
    const r = a.parcels[i];
    if (!r) throw new Error('no parcel');
    expect(report.features[i]).toEqual(
      JSON.parse(
        JSON.stringify({
          type: 'Feature',
          id: r.id,
          properties: { ...withChecks(r, a.rules, a.asOfDate), sources: undefined, asOf: a.asOfDate },
          geometry: geometryOf.get(r.id),
        }),
      ),
    );
  });
});
