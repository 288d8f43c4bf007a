import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { FieldMapping } from '../../src/data/mapping';
import { PENDING } from '../../src/domain/review';
import { memoryImports } from '../../src/state/imports/memoryImports';
import { memoryStorage } from '../../src/state/reviews/memoryStorage';
import { createAppStore } from '../../src/state/store';
import { DEFAULT_VIEW, parseView, serializeView } from '../../src/state/urlState';
import { ROOT, readFixtureBytes } from '../helpers/fixtures';
import { inProcessClient } from '../helpers/inProcessClient';
import { inProcessImportClient } from '../helpers/inProcessImportClient';

/**
 * The import in the app's store (issue 22, item 4), its analysis and import run in-process: files read and checked
 * before anything changes, the dataset kept and switched to, reviews kept per dataset; a failed or cancelled import
 * leaves the data and the decisions as they were.
 */
const file = (name: string) => new File([readFixtureBytes('import', name) as Uint8Array<ArrayBuffer>], name);

function storeWithImports() {
  const imports = memoryImports();
  const reviews = memoryStorage();
  const importClient = inProcessImportClient();
  let n = 0;
  const store = createAppStore(inProcessClient(), {
    datasetUrl: (name) => pathToFileURL(join(ROOT, 'geodata', name, '/')).href,
    view: DEFAULT_VIEW,
    importStorage: async () => imports,
    reviewStorage: async () => reviews,
    importClient: () => importClient,
    newId: () => `00000000-0000-4000-8000-00000000000${n++}`,
  });
  return { store, imports, reviews, importClient, state: () => store.api.getState() };
}

const settle = async (st: () => { status: string }) => {
  for (let i = 0; i < 200 && st().status === 'loading'; i++) await new Promise((r) => setTimeout(r, 20));
};

describe('importing in the app', () => {
  it('reads, previews, joins, imports and switches to the dataset; the embedded dataset and its decisions stay', async () => {
    const s = storeWithImports();
    await s.state().load();
    const before = s.state().data;
    expect(before?.table.length).toBeGreaterThan(2000);
    s.state().setOfficer('张三');
    const first = Array.from(s.state().queue, (i) => before?.table.text.id[i] as string)[0] as string;
    expect(await s.state().saveDecision(first, { ...PENDING, status: 'confirmed', note: '现场未动工' }, null, [])).toBe(true);

    s.state().openImportDialog();
    await s.state().addImportFiles([file('zd-4547-gbk.zip'), file('enterprises.xlsx')]);
    const d = s.state().imports.dialog;
    expect(d?.failure).toBeNull();
    expect(d?.step).toBe('check');
    expect(d?.preview?.parcelCount).toBe(99);
    expect(d?.preview?.encoding).toMatchObject({ encoding: 'gbk', from: 'cpg' });
    expect(d?.preview?.crs).toBe('CGCS2000 GK 3° CM 114°E');
    // the join the preset suggests: ZDDM to 宗地代码
    expect(d?.settings.join).toEqual({ key: 'ZDDM', tableKey: '宗地代码' });
    expect(d?.preview?.join?.matchedParcels).toBe(88);
    // nothing changed yet
    expect(s.state().data).toBe(before);
    expect(s.state().dataset).toBe('luohe');

    s.state().setImportMeta({ name: '经开宗地', asOfDate: '2018-12-31' });
    expect(await s.state().commitImport()).toBe(true);
    await settle(s.state);
    const id = s.state().dataset;
    expect(id).toMatch(/^imported:[0-9a-f-]{12}$/);
    expect(s.state().data?.table.length).toBe(99);
    expect(s.state().data?.manifest?.name).toBe('经开宗地');
    expect(s.state().imports.datasets.map((x) => [x.name, x.parcelCount])).toEqual([['经开宗地', 99]]);
    // the URL names it, and parses back
    expect(parseView(serializeView(s.state())).dataset).toBe(id);
    // its export is a dataset folder
    const exported = await s.state().exportImported();
    if (!exported) throw new Error('no export');
    expect(Object.keys(unzipSync(new Uint8Array(await exported.blob.arrayBuffer())))).toEqual(
      expect.arrayContaining(['经开宗地/dataset.json', '经开宗地/parcels.geojson', '经开宗地/rules.json', '经开宗地/mapping.json']),
    );

    // back to the embedded dataset: its decision is there, untouched
    s.state().switchDataset('luohe');
    await settle(s.state);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.state().review.byParcel.get(first)?.decision.status).toBe('confirmed');
    expect((await s.reviews.allEvents()).every((e) => e.dataset === 'luohe')).toBe(true);
  });

  it('a truncated zip: the preview says why, nothing can be imported, the data shown and the decisions stay', async () => {
    const s = storeWithImports();
    await s.state().load();
    const before = s.state().data;
    s.state().openImportDialog();
    await s.state().addImportFiles([file('zd-truncated.zip')]);
    const p = s.state().imports.dialog?.preview;
    expect(p?.failed).toBe(true);
    expect(p?.problems.map((x) => x.code)).toContain('bad-zip');
    expect(await s.state().commitImport()).toBe(false);
    expect(s.state().data).toBe(before);
    expect(s.state().imports.datasets).toEqual([]);
    s.state().closeImportDialog();
    expect(s.state().imports.dialog).toBeNull();
  });

  it('a cancel while reading says so and changes nothing', async () => {
    const s = storeWithImports();
    await s.state().load();
    s.state().openImportDialog();
    const reading = s.state().addImportFiles([file('zd-4547-gbk.zip')]);
    s.state().cancelImport();
    await reading;
    expect(s.state().imports.dialog?.failure?.kind).toBe('cancelled');
    expect(s.state().imports.dialog?.busy).toBeNull();
    // what the worker would have given is let go
    await new Promise((r) => setTimeout(r, 300));
    expect(s.state().imports.dialog?.preview).toBeNull();
    expect(s.state().dataset).toBe('luohe');
  });

  it('changing the encoding reads the names again; a saved mapping is listed and applies', async () => {
    const s = storeWithImports();
    s.state().openImportDialog();
    await s.state().addImportFiles([file('zd-4547-gbk.zip')]);
    const name = () => s.state().imports.dialog?.preview?.sample[0]?.name;
    const right = name();
    await s.state().setImportSettings({ encoding: 'utf-8' });
    expect(name()).not.toBe(right);
    expect(name()).toContain('\ufffd');
    await s.state().setImportSettings({ encoding: null });
    expect(name()).toBe(right);
    await s.state().saveMapping('地籍库');
    expect(s.state().imports.mappings.map((m) => m.name)).toEqual(['地籍库']);
    expect(s.state().imports.mappings[0]?.fields.id).toEqual({ source: 'parcels', field: 'ZDDM' });
    // changed (the parcel's name taken from another field), then the saved one applied again: the preview follows
    const saved = s.state().imports.mappings[0]?.fields as FieldMapping;
    await s.state().setImportSettings({ mapping: { ...saved, name: { source: 'parcels', field: 'ZDDM' } } });
    expect(name()).toBe(s.state().imports.dialog?.preview?.sample[0]?.id);
    await s.state().setImportSettings({ mapping: saved });
    expect(name()).toBe(right);
  });

  it('files larger together than a browser holds are not read, and the dialog says how large they are', async () => {
    const s = storeWithImports();
    await s.state().load();
    const before = s.state().data;
    s.state().openImportDialog();
    // a File whose bytes are never asked for: its size alone refuses it
    const huge = {
      name: '全市宗地.zip',
      size: 600 * 1024 * 1024,
      arrayBuffer: () => Promise.reject(new Error('read')),
    } as unknown as File;
    await s.state().addImportFiles([huge]);
    expect(s.state().imports.dialog?.failure).toEqual({ kind: 'too-large', detail: '600' });
    expect(s.state().imports.dialog?.preview).toBeNull();
    expect(await s.state().commitImport()).toBe(false);
    expect(s.state().data).toBe(before);
  });

  it('storage that refuses the dataset (disk full): the dialog says so and stays, nothing is listed or switched to', async () => {
    const s = storeWithImports();
    await s.state().load();
    const before = s.state().data;
    s.imports.put = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    s.state().openImportDialog();
    await s.state().addImportFiles([file('zd-4547-gbk.zip')]);
    expect(await s.state().commitImport()).toBe(false);
    const d = s.state().imports.dialog;
    expect(d?.failure?.kind).toBe('storage');
    expect(d?.failure?.detail).toMatch(/^quota: /);
    expect(d?.busy).toBeNull();
    expect(d?.preview?.parcelCount).toBe(99);
    expect(s.state().imports.datasets).toEqual([]);
    expect(s.state().dataset).toBe('luohe');
    expect(s.state().data).toBe(before);
  });

  it('removing the dataset shown goes back to the embedded one; a stored dataset gone says so on load', async () => {
    const s = storeWithImports();
    s.state().openImportDialog();
    await s.state().addImportFiles([file('zd-4547-gbk.zip')]);
    s.state().setImportMeta({ name: 'x' });
    await s.state().commitImport();
    await settle(s.state);
    const id = s.state().dataset;
    await s.state().removeImported(id);
    await settle(s.state);
    expect(s.state().dataset).toBe('luohe');
    expect(s.state().imports.datasets).toEqual([]);
    s.state().switchDataset(id);
    await settle(s.state);
    expect(s.state().status).toBe('error');
    expect(s.state().error).toContain(id);
  });
});
