import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fixturePath, readFixture, readFixtureBytes } from '../helpers/fixtures';
import { CHROMIUM_ARGS, SCREENSHOTS, waitReady } from './browser';

/**
 * Importing the files officers have, in the built app with the browser's real IndexedDB (a profile on disk): a zipped
 * Shapefile dropped on the dialog, its parcels drawn where they are with their names (and nothing of the dataset shown
 * before); listed in a second tab at once, there again after a reload and after a browser restart on the same profile;
 * exported as a dataset folder; the encoding overridden in the preview; a table joined with a bad row named in the
 * preview; a large file's progress and its cancel; a truncated zip that changes nothing, neither the dataset shown nor
 * a review decision. The keyboard opens the dialog, picks files and goes through the steps. Screenshots of the dialog,
 * the mapping step and the join preview at 1440×900, 1280×720 and 390×844.
 */
const base = inject('baseUrl');
let ctx: BrowserContext;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parkatlas-import-'));
  ctx = await launch();
});
/** The browser on the profile in `dir`: closed and launched again, it is a browser restart. */
const launch = () =>
  chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
afterAll(async () => {
  await ctx?.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
];
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
/** A screenshot of the page at each viewport, back to 1440×900 after. */
async function shots(page: Page, name: string) {
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v);
    await page.waitForTimeout(150);
    await shot(page, `import-${name}-${v.width}x${v.height}`);
  }
  await page.setViewportSize(VIEWPORTS[0] as (typeof VIEWPORTS)[0]);
}

const original = JSON.parse(readFixture('import', 'original.geojson')) as GeoJSON.FeatureCollection;
const ji1 = original.features.find((f) => f.properties?.id === 'JI0001') as GeoJSON.Feature<GeoJSON.Polygon>;
const ji1Center = (() => {
  const ring = ji1.geometry.coordinates[0] as number[][];
  return [ring.reduce((s, p) => s + (p[0] as number), 0) / ring.length, ring.reduce((s, p) => s + (p[1] as number), 0) / ring.length] as [number, number];
})();

/** Drops files on the dialog's drop zone: a DataTransfer made in the page with the files' bytes. */
async function dropFiles(page: Page, names: string[]) {
  const files = names.map((n) => ({ name: n, base64: Buffer.from(readFixtureBytes('import', n)).toString('base64') }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const zone = document.querySelector('[data-testid=drop-zone]') as HTMLElement;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

/** Opens the import dialog with the keyboard: the dataset menu's button, Enter, then its "Import data…". */
async function openDialogByKeys(page: Page) {
  await page.focus('[data-testid=dataset-menu]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=dataset-list]');
  await page.focus('[data-testid=open-import]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=import-dialog][open]');
}

/** Waits until the dialog's worker is done (the preview is there or it failed). */
const idle = async (page: Page) => {
  try {
    await page.waitForFunction(() => !document.querySelector('[data-testid=import-busy]'), null, { timeout: 20_000 });
  } catch (e) {
    await shot(page, 'debug-idle');
    console.log('DEBUG', await page.textContent('[data-testid=import-dialog]'));
    throw e;
  }
};

const statuses = (page: Page) => page.evaluate(() => window.__parkatlasReviews?.statuses() ?? {});

describe('importing in the app', () => {
  let page: Page;
  let decided: Record<string, string>;
  let importedUrl: string;
  let other: Page;

  it('a zipped Shapefile dropped on the dialog: checked, mapped, imported; its parcels drawn where they are, with their names', async () => {
    page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.goto(`${base}?zone=jingji`);
    await waitReady(page);
    // a review decision on the embedded dataset, by keys, to see that no import touches it
    await page.focus('[data-testid=review-toggle]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=review-pane]');
    await page.focus('[data-testid=officer-name]');
    await page.keyboard.type('李四');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=review-parcel]');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const id = (await page.getAttribute('[data-testid=review-parcel]', 'data-parcel-id')) as string;
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.waitForFunction((i) => window.__parkatlasReviews?.statuses()[i] === 'confirmed', id);
    decided = await statuses(page);
    expect(decided).toEqual({ [id]: 'confirmed' });
    await page.focus('[data-testid=review-toggle]');
    await page.keyboard.press('Enter');
    // a second tab, open before the import: it lists the dataset once imported, without a reload
    other = await ctx.newPage();
    await other.goto(base);
    await waitReady(other);

    await openDialogByKeys(page);
    await shots(page, 'dialog');
    await dropFiles(page, ['zd-4547-gbk.zip', 'enterprises.xlsx']);
    await idle(page);
    await page.waitForSelector('[data-testid=import-step-check]');
    expect(await page.textContent('[data-testid=import-summary]')).toMatch(/99 个要素，99 宗可用/);
    expect(await page.textContent('[data-testid=crs-used]')).toContain('CGCS2000 GK 3° CM 114°E');
    const sample = (await page.textContent('[data-testid=import-sample]')) as string;
    expect(sample).toContain(ji1.properties?.name);
    await shots(page, 'check');

    // the steps by keyboard: the "next" button
    await page.focus('[data-testid=import-next]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=import-step-mapping]');
    expect(await page.inputValue('#map-id')).toBe('parcels\u0000ZDDM');
    expect(await page.inputValue('#map-taxWanYuan')).toBe('table\u0000税收（元）');
    await shots(page, 'mapping');
    await page.focus('[data-testid=import-next]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=join-preview]');
    expect(await page.textContent('[data-testid=join-matched]')).toContain('88 宗地');
    await page.focus('[data-testid=import-next]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=import-step-save]');
    await page.fill('[data-testid=import-name]', '经开宗地（导入）');
    await page.fill('[data-testid=import-as-of]', '2018-12-31');
    await page.focus('[data-testid=import-commit]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => /dataset=imported/.test(window.location.search) && document.querySelector('[data-testid=table]')?.getAttribute('data-rows') === '99',
      null,
      {
        timeout: 60_000,
      },
    );
    await waitReady(page);
    importedUrl = page.url();
    // drawn where the original says JI0001 is, and named as it is
    const [x, y] = (await page.evaluate((c) => window.__parkatlas?.project(c), ji1Center)) as [number, number];
    const there = await page.evaluate(
      ([px, py]) =>
        (window.__parkatlas?.map.map.queryRenderedFeatures([px as number, py as number], { layers: ['parcels-fill'] }) ?? []).map(
          (f) => f.properties?.id ?? f.id,
        ),
      [x, y],
    );
    expect(there).toContain('JI0001');
    // and nothing of the dataset shown before: no parcel but the 99 imported, no zone or functional area (it has none)
    await page.evaluate(() => window.__parkatlas?.map.whenIdle());
    const ids = new Set(original.features.map((f) => String(f.properties?.id)));
    const drawn = (await page.evaluate(() => window.__parkatlas?.map.drawnParcelIds())) as string[];
    expect(drawn.length).toBeGreaterThan(50);
    expect(drawn.filter((i) => !ids.has(i))).toEqual([]);
    const others = await page.evaluate(() => window.__parkatlas?.map.map.queryRenderedFeatures({ layers: ['zones-line', 'areas-fill'] }).length ?? -1);
    expect(others).toBe(0);
    expect(await page.textContent('[data-testid=table]')).toContain(ji1.properties?.name);
    await shot(page, 'import-done-1440x900');
  });

  it('is listed in the other tab at once, and there after a reload beside the embedded dataset', async () => {
    await other.click('[data-testid=dataset-menu]');
    await other.waitForFunction(() => document.querySelector('[data-testid=dataset-list]')?.textContent?.includes('经开宗地（导入）'), null, {
      timeout: 15_000,
    });
    await other.close();
    await page.reload();
    await waitReady(page);
    expect(page.url()).toBe(importedUrl);
    expect(await page.getAttribute('[data-testid=table]', 'data-rows')).toBe('99');
    await page.click('[data-testid=dataset-menu]');
    const list = (await page.textContent('[data-testid=dataset-list]')) as string;
    expect(list).toContain('经开宗地（导入）');
    expect(list).toContain('99 宗');
    await shot(page, 'import-datasets-1440x900');
    // exported as a dataset folder: dataset.json and the parcels as GeoJSON, with the names and the joined figures
    const download = page.waitForEvent('download');
    await page.click('[data-testid=export-dataset]');
    const zip = unzipSync(new Uint8Array(readFileSync((await (await download).path()) as string)));
    const manifest = JSON.parse(strFromU8(zip['经开宗地（导入）/dataset.json'] as Uint8Array));
    expect(manifest).toMatchObject({ name: '经开宗地（导入）', asOfDate: '2018-12-31' });
    const parcels = JSON.parse(strFromU8(zip['经开宗地（导入）/parcels.geojson'] as Uint8Array)) as GeoJSON.FeatureCollection;
    expect(parcels.features).toHaveLength(99);
    expect(parcels.features.find((f) => f.properties?.id === 'JI0001')?.properties?.name).toBe(ji1.properties?.name);
    // the table's tax, given in 元, is in 万元 as the original has it
    const taxed = parcels.features.filter((f) => f.properties?.taxWanYuan != null);
    expect(taxed.length).toBeGreaterThan(50);
    for (const f of taxed) {
      const o = original.features.find((x) => x.properties?.id === f.properties?.id);
      expect(f.properties?.taxWanYuan).toBeCloseTo(o?.properties?.taxWanYuan, 6);
    }
    await page.keyboard.press('Escape');
  });

  it('is there after the browser is closed and started again on the same profile', async () => {
    await ctx.close();
    ctx = await launch();
    page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    await page.goto(importedUrl);
    await waitReady(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=table]')?.getAttribute('data-rows') === '99', null, { timeout: 60_000 });
    expect(await page.textContent('[data-testid=table]')).toContain(ji1.properties?.name);
    await page.click('[data-testid=dataset-menu]');
    expect(await page.textContent('[data-testid=dataset-list]')).toContain('经开宗地（导入）');
    await page.keyboard.press('Escape');
  });

  it('a table with a bad row, picked with the keyboard: the row and its column named in the join preview', async () => {
    await openDialogByKeys(page);
    const chooser = page.waitForEvent('filechooser');
    await page.focus('[data-testid=pick-files]');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(fixturePath('import', 'zd-4547-gbk.zip'));
    await idle(page);
    // the encoding overridden in the preview: GBK read as UTF-8 garbles the names, back to the .cpg's they read again
    const sample = () => page.textContent('[data-testid=import-sample]') as Promise<string>;
    expect(await sample()).toContain(ji1.properties?.name);
    await page.focus('[data-testid=encoding-select]');
    await page.selectOption('[data-testid=encoding-select]', 'utf-8');
    await idle(page);
    await page.waitForFunction((n) => !document.querySelector('[data-testid=import-sample]')?.textContent?.includes(n), ji1.properties?.name);
    expect(await sample()).toContain('\ufffd');
    await page.selectOption('[data-testid=encoding-select]', '');
    await idle(page);
    await page.waitForFunction((n) => document.querySelector('[data-testid=import-sample]')?.textContent?.includes(n), ji1.properties?.name);
    expect(await sample()).not.toContain('\ufffd');
    await page.click('[data-step=files]');
    const tableChooser = page.waitForEvent('filechooser');
    await page.focus('[data-testid=pick-table]');
    await page.keyboard.press('Enter');
    await (await tableChooser).setFiles(fixturePath('import', 'join-problems.csv'));
    await idle(page);
    await page.click('[data-step=join]');
    await page.waitForSelector('[data-testid=join-bad-values]');
    const bad = (await page.textContent('[data-testid=join-bad-values]')) as string;
    expect(bad).toContain('第 4 行');
    expect(bad).toContain('主营业务收入（万元）');
    expect(bad).toContain('约3千');
    expect(bad).toContain('第 7 行有 5 个单元格');
    expect(await page.textContent('[data-testid=join-duplicates]')).toContain('JI0005: 第 3 行, 第 5 行');
    expect(await page.textContent('[data-testid=join-unmatched-rows]')).toContain('JX9001');
    await shots(page, 'join');
    // closed without importing: nothing changed
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=import-dialog]', { state: 'detached' });
    expect(page.url()).toBe(importedUrl);
  });

  it('a large file is read in the worker with its progress shown; the cancel button stops it at once and changes nothing', async () => {
    // 30,000 parcels (the fixture's 99 again and again under new ids), some 28 MB: long enough to be caught reading
    const big = join(mkdtempSync(join(tmpdir(), 'parkatlas-big-')), '全县宗地.geojson');
    const features = Array.from({ length: 30_000 }, (_, i) => {
      const f = original.features[i % original.features.length] as GeoJSON.Feature;
      return { ...f, properties: { ...f.properties, id: `BIG${String(i).padStart(6, '0')}` } };
    });
    writeFileSync(big, JSON.stringify({ type: 'FeatureCollection', features }));
    try {
      await openDialogByKeys(page);
      const chooser = page.waitForEvent('filechooser');
      await page.focus('[data-testid=pick-files]');
      await page.keyboard.press('Enter');
      await (await chooser).setFiles(big);
      await page.waitForSelector('[data-testid=import-busy] progress');
      await page.focus('[data-testid=import-cancel]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=import-failure][data-kind=cancelled]');
      expect(await page.textContent('[data-testid=import-failure]')).toContain('已取消');
      expect(await page.$('[data-testid=import-busy]')).toBeNull();
      // what the stopped worker would have given never comes
      await page.waitForTimeout(1500);
      expect(await page.$('[data-testid=import-step-check]')).toBeNull();
      await page.click('[data-testid=import-close]');
      expect(page.url()).toBe(importedUrl);
      expect(await page.getAttribute('[data-testid=table]', 'data-rows')).toBe('99');
    } finally {
      rmSync(join(big, '..'), { recursive: true, force: true });
    }
  });

  it('a truncated zip: the problem named, nothing to import, the dataset shown and the review decisions as they were', async () => {
    const datasetsBefore = await page.evaluate(() => document.querySelectorAll('[data-dataset]').length);
    await openDialogByKeys(page);
    await dropFiles(page, ['zd-truncated.zip']);
    await idle(page);
    await page.waitForSelector('[data-testid=import-failed]');
    expect(await page.textContent('[data-testid=import-problems]')).toContain('压缩包已损坏或不完整');
    await shots(page, 'failed');
    await page.click('[data-step=save]');
    expect(await page.isDisabled('[data-testid=import-commit]')).toBe(true);
    await page.click('[data-testid=import-close]');
    expect(page.url()).toBe(importedUrl);
    expect(await page.getAttribute('[data-testid=table]', 'data-rows')).toBe('99');
    expect(await page.evaluate(() => document.querySelectorAll('[data-dataset]').length)).toBe(datasetsBefore);
    // the embedded dataset's decision, untouched
    await page.click('[data-testid=dataset-menu]');
    await page.click('[data-dataset=luohe] button');
    await page.waitForFunction(
      () => !/dataset=/.test(window.location.search) && Number(document.querySelector('[data-testid=table]')?.getAttribute('data-rows')) > 2000,
      null,
      {
        timeout: 60_000,
      },
    );
    await page.waitForFunction((n) => Object.keys(window.__parkatlasReviews?.statuses() ?? {}).length === n, Object.keys(decided).length);
    expect(await statuses(page)).toEqual(decided);
  });
});
