import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Decision, PENDING, QUEUE_GROUPS, queueGroup } from '../../src/domain/review';
import { flagsOf, idleMeasureOf } from '../../src/engine/parcelTable';
import { translate } from '../../src/i18n/plain';
import { readBackup } from '../../src/state/reviews/backup';
import { memoryStorage } from '../../src/state/reviews/memoryStorage';
import { REVIEW_MARKS } from '../../src/state/reviews/queue';
import { type ReviewStorage, StorageFailure } from '../../src/state/reviews/storage';
import { createAppStore } from '../../src/state/store';
import { DEFAULT_VIEW } from '../../src/state/urlState';
import { ROOT } from '../helpers/fixtures';
import { inProcessClient } from '../helpers/inProcessClient';

/** The app's store over the embedded dataset with a storage of the test's; a fixed clock so that events order as written. */
async function store(storage: ReviewStorage, officer = '张三', prefix = 'a') {
  let t = Date.UTC(2019, 2, 1);
  let n = 0;
  const s = createAppStore(inProcessClient(), {
    datasetUrl: (name) => pathToFileURL(join(ROOT, 'geodata', name, '/')).href,
    view: DEFAULT_VIEW,
    reviewStorage: async () => storage,
    now: () => (t += 1000),
    newId: () => `${prefix}-${++n}`,
  });
  await s.api.getState().load();
  await settle();
  s.api.getState().setOfficer(officer);
  return { api: s.api, state: () => s.api.getState() };
}
const settle = () => new Promise((r) => setTimeout(r, 10));
const confirmed: Decision = { ...PENDING, status: 'confirmed', note: '现场未动工' };
const fp: Decision = { ...PENDING, status: 'false-positive', reason: '已动工，照片为证' };

describe('the review slice of the store', () => {
  let s: Awaited<ReturnType<typeof store>>;
  let queueIds: string[];
  beforeAll(async () => {
    s = await store(memoryStorage());
    const st = s.state();
    queueIds = Array.from(st.queue, (i) => st.data?.table.text.id[i] as string);
  });

  it('the queue holds the flagged parcels of the scope in priority order (idle to reclaim first), then by area', () => {
    const st = s.state();
    const t = st.data?.table;
    if (!t) throw new Error('no data');
    const groups = Array.from(st.queue, (i) => QUEUE_GROUPS.indexOf(queueGroup(flagsOf(t, i), idleMeasureOf(t, i), false) ?? 'reviewed'));
    expect(groups.length).toBeGreaterThan(50);
    for (let k = 1; k < groups.length; k++) expect(groups[k] as number).toBeGreaterThanOrEqual(groups[k - 1] as number);
    expect(groups[0]).toBe(QUEUE_GROUPS.indexOf('idle-reclaim'));
    // within a group, largest first
    const first = Array.from(st.queue).filter((_, k) => groups[k] === groups[0]);
    const areas = first.map((i) => t.numeric.areaM2[i] as number);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    // a zone scopes the queue
    st.setZone('linying');
    const zoneRows = new Set(s.state().rows);
    expect([...s.state().queue].every((i) => zoneRows.has(i))).toBe(true);
    s.state().setZone(null);
  });

  it('records decisions at once; the marks and the review filter follow', async () => {
    const [p1, p2] = queueIds as [string, string];
    expect(await s.state().saveDecision(p1, confirmed, null, [])).toBe(true);
    expect(await s.state().saveDecision(p2, fp, null, [])).toBe(true);
    const st = s.state();
    expect(st.review.byParcel.get(p1)?.decision.status).toBe('confirmed');
    expect(st.review.events.map((e) => [e.parcelId, e.officer, e.after.status])).toEqual([
      [p1, '张三', 'confirmed'],
      [p2, '张三', 'false-positive'],
    ]);
    const head = st.review.byParcel.get(p1)?.heads[0];
    expect(head?.basis).toMatchObject({ dataset: 'luohe', asOfDate: '2018-12-31', flag: 'idle' });
    const t = st.data?.table;
    const row = t?.text.id.indexOf(p2) as number;
    expect(REVIEW_MARKS[st.review.marks?.mark[row] as number]).toBe('false-positive');
    st.setReviewFilter(['false-positive']);
    expect(Array.from(s.state().rows, (i) => t?.text.id[i])).toEqual([p2]);
    st.setReviewFilter([]);
    // a false positive without a reason is refused, with the reason why
    expect(await s.state().saveDecision(queueIds[2] as string, { ...fp, reason: '' }, null, [])).toBe(false);
    expect(s.state().review.notice).toEqual({ kind: 'problems', parcelId: queueIds[2], problems: [{ kind: 'required', field: 'reason' }] });
  });

  it('undo and redo append compensating events', async () => {
    const [, p2] = queueIds as [string, string];
    await s.state().undoReview();
    expect(s.state().review.byParcel.get(p2)?.decision.status).toBe('pending');
    expect(s.state().review.notice).toEqual({ kind: 'undone', parcelId: p2, from: 'false-positive', to: 'pending' });
    await s.state().redoReview();
    expect(s.state().review.byParcel.get(p2)?.decision.status).toBe('false-positive');
    expect(s.state().review.events.map((e) => e.kind)).toEqual(['decide', 'decide', 'undo', 'redo']);
  });

  it('exports the scope as CSV (BOM, Chinese headers, codes as text, formulas neutralised), read back with papaparse', async () => {
    const st = s.state();
    const { blob, name } = await st.exportReviews('csv', st.queue);
    expect(name).toMatch(/\.csv$/);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, delimiter: ',' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(st.queue.length);
    const h = (k: string) => translate('zh', k);
    expect(parsed.meta.fields).toContain(h('column.lowEfficiencyReasons'));
    const row1 = parsed.data.find((r) => r[h('column.id')] === `="${queueIds[0]}"` || r[h('column.id')] === queueIds[0]);
    expect(row1?.[h('review.field.status')]).toBe('已核实');
    expect(row1?.[h('review.field.officer')]).toBe('张三');
    expect(row1?.[h('column.flags')]).toContain('闲置土地');
    const row2 = parsed.data.find((r) => [queueIds[1], `="${queueIds[1]}"`].includes(r[h('column.id')]));
    expect(row2?.[h('review.field.reason')]).toBe('已动工，照片为证');
    const lu = parsed.data.map((r) => r[h('column.landUse')]).find((v) => v);
    expect(lu).toMatch(/^="\d+"$/);
  });

  it('a note that looks like a formula is text in CSV and XLSX', async () => {
    const p = queueIds[3] as string;
    await s.state().saveDecision(p, { ...confirmed, note: '=HYPERLINK("http://x","y")' }, null, []);
    const st = s.state();
    const csv = new TextDecoder().decode(await (await st.exportReviews('csv', st.queue)).blob.arrayBuffer());
    const rows = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true, delimiter: ',' }).data;
    expect(rows.find((r) => r.备注?.includes('HYPERLINK'))?.备注).toBe('\'=HYPERLINK("http://x","y")');
    const xlsx = Buffer.from(await (await st.exportReviews('xlsx', st.queue)).blob.arrayBuffer());
    const sheet = await readSheet(xlsx);
    const header = sheet[0] as string[];
    const noteCol = header.indexOf('备注');
    const idCol = header.indexOf('宗地编号');
    const row = sheet.find((r) => r[idCol] === p) as unknown[];
    expect(row[noteCol]).toBe('=HYPERLINK("http://x","y")');
  });

  it('exports XLSX read back with read-excel-file: headers, codes as text, numbers as numbers, decisions', async () => {
    const st = s.state();
    const xlsx = Buffer.from(await (await st.exportReviews('xlsx', st.queue)).blob.arrayBuffer());
    const sheet = await readSheet(xlsx);
    const header = sheet[0] as string[];
    expect(header.slice(0, 3)).toEqual(['宗地编号', '项目名称', '企业名称']);
    expect(sheet).toHaveLength(st.queue.length + 1);
    const col = (name: string) => header.indexOf(name);
    const row1 = sheet.find((r) => r[col('宗地编号')] === queueIds[0]) as unknown[];
    expect(row1[col('核查状态')]).toBe('已核实');
    expect(typeof row1[col('宗地面积（平方米）')]).toBe('number');
    const landUses = sheet.slice(1).map((r) => r[col('用地类型')]);
    expect(landUses.every((v) => v == null || typeof v === 'string')).toBe(true);
    expect(landUses.some((v) => typeof v === 'string' && v.startsWith('0'))).toBe(true);
  });

  it('exports GeoJSON with the results and the review as properties', async () => {
    const st = s.state();
    const fc = JSON.parse(await (await st.exportReviews('geojson', st.queue.slice(0, 3))).blob.text());
    expect(fc.features).toHaveLength(3);
    expect(fc.features[0].geometry.type).toMatch(/Polygon/);
    expect(fc.features[0].properties.review.status).toBe('confirmed');
    expect(fc.features[0].properties.review.events).toHaveLength(1);
    expect(fc.features[0].properties.idle.status).toBe('idle');
  });
});

describe('backup and import', () => {
  it('imports another machine’s backup: new events added by id, a parcel changed on both sides listed as a conflict, then settled', async () => {
    const a = await store(memoryStorage(), '张三', 'a');
    const ids = Array.from(a.state().queue.slice(0, 3), (i) => a.state().data?.table.text.id[i] as string) as [string, string, string];
    await a.state().saveDecision(ids[0], confirmed, null, []);
    const b = await store(memoryStorage(), '李四', 'b');
    // b starts from a's backup, then both go on apart
    await b.state().importBackup(
      await a
        .state()
        .backupReviews()
        .then((x) => x.blob),
    );
    expect(b.state().review.byParcel.get(ids[0])?.decision.status).toBe('confirmed');
    const headA = a.state().review.byParcel.get(ids[0])?.heads[0]?.id ?? null;
    await a.state().saveDecision(ids[0], { ...PENDING, status: 'in-progress', measure: 'idle-fee' }, headA, []);
    await b.state().saveDecision(ids[0], { ...PENDING, status: 'needs-recheck', note: '面积有疑问' }, headA, []);
    const photo = new File([new Uint8Array(2000).fill(7)], '现场照片.jpg', { type: 'image/jpeg' });
    await b.state().saveDecision(ids[1], fp, null, [photo]);
    const backup = await b.state().backupReviews();
    const read = readBackup(new Uint8Array(await backup.blob.arrayBuffer()));
    expect(read.ok && read.files.map((f) => f.ref.name)).toEqual(['现场照片.jpg']);

    await a.state().importBackup(backup.blob);
    const notice = a.state().review.notice;
    expect(notice).toEqual({ kind: 'imported', added: 2, known: 1, conflicts: 1, clashes: 0 });
    expect(a.state().review.conflicts.map((c) => c.parcelId)).toEqual([ids[0]]);
    const heads = a.state().review.conflicts[0]?.heads.map((h) => [h.side, h.event.after.status, h.event.officer]);
    expect(heads?.sort()).toEqual([
      ['here', 'in-progress', '张三'],
      ['imported', 'needs-recheck', '李四'],
    ]);
    const row = a.state().data?.table.text.id.indexOf(ids[0]) as number;
    expect(REVIEW_MARKS[a.state().review.marks?.mark[row] as number]).toBe('conflict');
    // the attachment came with it
    const ref = a.state().review.byParcel.get(ids[1])?.decision.attachments[0];
    expect(ref?.name).toBe('现场照片.jpg');
    expect((await a.state().attachmentBlob(ref?.id as string))?.size).toBe(2000);
    // settled: one head again
    const chosen = a.state().review.conflicts[0]?.heads.find((h) => h.side === 'imported')?.event.after as Decision;
    expect(await a.state().resolveConflict(ids[0], chosen)).toBe(true);
    expect(a.state().review.byParcel.get(ids[0])?.heads).toHaveLength(1);
    expect(a.state().review.byParcel.get(ids[0])?.decision.status).toBe('needs-recheck');
    expect(a.state().review.conflicts).toEqual([]);
  });

  it('a damaged backup is refused with a message, nothing imported', async () => {
    const a = await store(memoryStorage());
    await a.state().importBackup(Object.assign(new Blob(['not a zip']), { name: 'x.zip' }));
    expect(a.state().review.notice).toMatchObject({ kind: 'import-failed', file: 'x.zip' });
    expect(a.state().review.events).toEqual([]);
  });
});

describe('storage that refuses writes', () => {
  it('keeps the decision in memory, says so, and puts it in the backup and the exports', async () => {
    const inner = memoryStorage();
    let full = false;
    const quota: ReviewStorage = {
      ...inner,
      kind: 'indexeddb',
      append: (...args) => (full ? Promise.reject(new StorageFailure('quota', 'QuotaExceededError')) : inner.append(...args)),
      addEvents: (...args) => (full ? Promise.reject(new StorageFailure('quota', 'QuotaExceededError')) : inner.addEvents(...args)),
    };
    const s = await store(quota);
    const id = s.state().data?.table.text.id[s.state().queue[0] as number] as string;
    full = true;
    expect(await s.state().saveDecision(id, confirmed, null, [])).toBe(true);
    const st = s.state();
    expect(st.review.failure?.kind).toBe('quota');
    expect(st.review.unsaved).toHaveLength(1);
    expect(st.review.notice).toEqual({ kind: 'saved', parcelId: id, status: 'confirmed', memoryOnly: true });
    expect(st.review.byParcel.get(id)?.decision.status).toBe('confirmed');
    const read = readBackup(new Uint8Array(await (await st.backupReviews()).blob.arrayBuffer()));
    expect(read.ok && read.events.map((e) => e.parcelId)).toEqual([id]);
    // space again: the next write stores both
    full = false;
    await s.state().retryUnsaved();
    expect(s.state().review.unsaved).toEqual([]);
    expect((await inner.allEvents()).map((e) => e.parcelId)).toEqual([id]);
  });
});
