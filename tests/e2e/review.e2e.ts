import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../helpers/fixtures';
import { CHROMIUM_ARGS, SCREENSHOTS, waitReady } from './browser';

/**
 * The officers' review workflow in the built app, with the browser's real IndexedDB: profiles are folders on disk
 * (launchPersistentContext), so a reload, a new browser process and a second tab see what was stored.
 */
const base = inject('baseUrl');
const dirs: string[] = [];
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const open_ = new Map<string, BrowserContext>();
async function profile(dir = mkdtempSync(join(tmpdir(), 'parkatlas-profile-')), viewport = { width: 1440, height: 900 }) {
  if (!dirs.includes(dir)) dirs.push(dir);
  // a test that failed may have left its browser on this profile
  await open_
    .get(dir)
    ?.close()
    .catch(() => {});
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads: true,
  });
  contexts.push(ctx);
  open_.set(dir, ctx);
  return { ctx, dir };
}

const url = (dataset: string, extra = '') => `${base}?dataset=${dataset}&zone=jingji${extra}`;

async function open(ctx: BrowserContext, address: string): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  await page.goto(address);
  await waitReady(page);
  return page;
}

/**
 * Opens the review pane with the keyboard (focus the button, Enter) and, the first time, gives the officer's name.
 * After a reload the pane is open already (the URL keeps it): then the button is left alone.
 */
async function openPane(page: Page, officer: string | null) {
  if ((await page.getAttribute('[data-testid=review-toggle]', 'aria-pressed')) !== 'true') {
    await page.focus('[data-testid=review-toggle]');
    await page.keyboard.press('Enter');
  }
  await page.waitForSelector('[data-testid=review-pane]');
  if (officer) {
    await page.focus('[data-testid=officer-name]');
    await page.keyboard.type(officer);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=review-officer]');
  }
  await page.waitForSelector('[data-testid=review-parcel]');
  // the keys go to the page, not to a field
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

const statuses = (page: Page) => page.evaluate(() => window.__parkatlasReviews?.statuses() ?? {});
const queue = (page: Page) => page.evaluate(() => window.__parkatlasReviews?.queue() ?? []);
const current = (page: Page) => page.getAttribute('[data-testid=review-parcel]', 'data-parcel-id');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

/** Waits until the page's reviews give `id` the status `status`. */
const waitStatus = (page: Page, id: string, status: string) =>
  page.waitForFunction(([i, s]) => window.__parkatlasReviews?.statuses()[i as string] === s, [id, status], { timeout: 15_000 });

/** Keyboard only: 1 confirmed, or 2 + a reason for a false positive; Enter saves and goes on to the next parcel. */
async function decideByKeys(page: Page, how: 'confirm' | 'false-positive' | 'recheck') {
  const id = (await current(page)) as string;
  if (how === 'confirm') await page.keyboard.press('1');
  else if (how === 'recheck') await page.keyboard.press('3');
  else {
    await page.keyboard.press('2');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'review-reason');
    await page.keyboard.type('已动工，数据未更新');
  }
  await page.keyboard.press('Enter');
  await waitStatus(page, id, how === 'confirm' ? 'confirmed' : how === 'recheck' ? 'needs-recheck' : 'false-positive');
  await page.waitForFunction((was) => document.querySelector('[data-testid=review-parcel]')?.getAttribute('data-parcel-id') !== was, id);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return id;
}

describe('review decisions, kept in IndexedDB', () => {
  let dirA: string;
  let decided: Record<string, string> = {};

  it('ten parcels decided with the keyboard only; all there after a reload and in a new browser process', async () => {
    const a = await profile();
    dirA = a.dir;
    const page = await open(a.ctx, url('e2e-review'));
    await openPane(page, '张三');
    const q = await queue(page);
    expect(q.length).toBeGreaterThan(10);
    expect(await current(page)).toBe(q[0]);
    for (let k = 0; k < 10; k++) {
      const id = await decideByKeys(page, k === 3 ? 'false-positive' : k === 6 ? 'recheck' : 'confirm');
      decided[id] = k === 3 ? 'false-positive' : k === 6 ? 'needs-recheck' : 'confirmed';
    }
    expect(Object.keys(decided)).toEqual(q.slice(0, 10));
    expect(await statuses(page)).toEqual(decided);
    expect(await page.getAttribute('[data-testid=review-progress]', 'data-reviewed')).toBe('10');
    // J and K move through the queue
    await page.keyboard.press('k');
    expect(await current(page)).toBe(q[9]);
    await page.keyboard.press('j');
    expect(await current(page)).toBe(q[10]);
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await page.waitForSelector('[data-testid=review-history] li');
    await shot(page, 'review-01-pane-1440');
    for (const [w, h] of [
      [1280, 720],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(400);
      await shot(page, `review-02-pane-${w}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.reload();
    await waitReady(page);
    await page.waitForFunction((n) => Object.keys(window.__parkatlasReviews?.statuses() ?? {}).length >= n, 10);
    expect(await statuses(page)).toEqual(decided);

    await a.ctx.close();
    const again = await profile(dirA);
    const p2 = await open(again.ctx, url('e2e-review'));
    await p2.waitForFunction((n) => Object.keys(window.__parkatlasReviews?.statuses() ?? {}).length >= n, 10);
    expect(await statuses(p2)).toEqual(decided);
    // the officer's name was remembered: the pane opens without asking
    await openPane(p2, null);
    expect(await p2.textContent('[data-testid=review-officer]')).toContain('张三');
    // the review layer and its legend; the table's column
    await p2.waitForSelector('[data-review-mark=confirmed]');
    await shot(p2, 'review-03-map-layer');
    await p2.close();
    await again.ctx.close();
  });

  it('the review pane, its filter and its order are in the URL: a reload or a shared link opens the same queue', async () => {
    const a = await profile();
    const page = await open(a.ctx, url('e2e-review'));
    await openPane(page, '王五');
    await page.check('[data-review-filter=open]');
    await page.selectOption('[data-testid=review-order]', 'area');
    await page.waitForFunction(() => /review=1/.test(location.search) && /rv=open/.test(location.search) && /queue=area/.test(location.search));
    const before = await queue(page);
    expect(before.length).toBeGreaterThan(0);
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('[data-testid=review-pane]');
    expect(await page.isChecked('[data-review-filter=open]')).toBe(true);
    expect(await page.inputValue('[data-testid=review-order]')).toBe('area');
    await page.waitForFunction((n) => (window.__parkatlasReviews?.queue() ?? []).length === n, before.length);
    expect(await queue(page)).toEqual(before);
    // closing the pane takes it out of the URL
    await page.click('[data-testid=review-toggle]');
    await page.waitForFunction(() => !/review=1/.test(location.search));
    expect(await page.$('[data-testid=review-pane]')).toBeNull();
    await a.ctx.close();
  });

  it('two tabs: a decision in each shows in the other, neither lost', async () => {
    const a = await profile(dirA);
    const t1 = await open(a.ctx, url('e2e-review'));
    const t2 = await open(a.ctx, url('e2e-review'));
    await openPane(t1, null);
    await openPane(t2, null);
    const q = await queue(t1);
    const [x, y] = [q[12] as string, q[13] as string];
    for (const [page, id] of [
      [t1, x],
      [t2, y],
    ] as const) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      while ((await current(page)) !== id) await page.keyboard.press('j');
    }
    await decideByKeys(t1, 'confirm');
    await waitStatus(t2, x, 'confirmed');
    await decideByKeys(t2, 'recheck');
    await waitStatus(t1, y, 'needs-recheck');
    decided = { ...decided, [x]: 'confirmed', [y]: 'needs-recheck' };
    expect(await statuses(t1)).toEqual(decided);
    expect(await statuses(t2)).toEqual(decided);
    await a.ctx.close();
  });

  it('undo and redo are events in the log, and work across a reload', async () => {
    const a = await profile(dirA);
    const page = await open(a.ctx, url('e2e-review'));
    await openPane(page, null);
    const last = Object.keys(decided).at(-1) as string; // the second tab's decision, by the same officer
    await page.keyboard.press('Control+z');
    await waitStatus(page, last, 'pending');
    expect(await page.getAttribute('[data-testid=review-notice]', 'data-kind')).toBe('undone');
    await page.reload();
    await waitReady(page);
    await page.waitForFunction((n) => Object.keys(window.__parkatlasReviews?.statuses() ?? {}).length >= n, 12);
    expect((await statuses(page))[last]).toBe('pending');
    await openPane(page, null);
    await page.keyboard.press('Control+Shift+z');
    await waitStatus(page, last, 'needs-recheck');
    await page.reload();
    await waitReady(page);
    await waitStatus(page, last, 'needs-recheck');
    // the record lists the decision, its undo and its redo
    await openPane(page, null);
    while ((await current(page)) !== last) await page.keyboard.press('j');
    await page.waitForSelector('[data-testid=review-history] li[data-kind=redo]');
    expect(await page.locator('[data-testid=review-history] li').count()).toBe(3);
    await a.ctx.close();
  });

  it('exports the queue as CSV and XLSX, read back', async () => {
    const a = await profile(dirA);
    const page = await open(a.ctx, url('e2e-review'));
    await openPane(page, null);
    const q = await queue(page);
    const download = async (what: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export=${what}]`)]);
      const path = join(dirA, `export-${what}`);
      await d.saveAs(path);
      return { path, name: d.suggestedFilename() };
    };
    const csv = await download('csv');
    expect(csv.name).toMatch(/^e2e-review-reviews-2018-12-31\.csv$/);
    const bytes = readFileSync(csv.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Record<string, string>>(bytes.subarray(3).toString('utf8'), { header: true, skipEmptyLines: true, delimiter: ',' }).data;
    expect(rows).toHaveLength(q.length);
    const idOf = (v: string) => v.replace(/^="(.*)"$/, '$1');
    const byId = new Map(rows.map((r) => [idOf(r.宗地编号 as string), r]));
    for (const [id, status] of Object.entries(decided)) {
      const label = { confirmed: '已核实', 'false-positive': '误报', 'needs-recheck': '需复核' }[status];
      expect(byId.get(id)?.核查状态).toBe(label);
      expect(byId.get(id)?.核查人).toBe('张三');
    }
    const xlsx = await download('xlsx');
    const sheet = await readSheet(readFileSync(xlsx.path));
    const header = sheet[0] as string[];
    expect(sheet).toHaveLength(q.length + 1);
    const first = sheet.find((r) => r[header.indexOf('宗地编号')] === q[0]) as unknown[];
    expect(first[header.indexOf('核查状态')]).toBe('已核实');
    expect(typeof first[header.indexOf('宗地面积（平方米）')]).toBe('number');
    await a.ctx.close();
  });

  it('a backup from one profile imported into another: events merged, one conflict reported and settled', async () => {
    const a = await profile(dirA);
    const pa = await open(a.ctx, url('e2e-review'));
    await openPane(pa, null);
    const [d] = await Promise.all([pa.waitForEvent('download'), pa.click('[data-export=backup]')]);
    const backup = join(dirA, 'backup.zip');
    await d.saveAs(backup);
    await a.ctx.close();

    const b = await profile();
    const pb = await open(b.ctx, url('e2e-review'));
    await openPane(pb, '李四');
    const first = (await queue(pb))[0] as string;
    expect(await current(pb)).toBe(first);
    // 李四 decides the first parcel otherwise than 张三 did (confirmed there)
    await decideByKeys(pb, 'recheck');
    await pb.setInputFiles('[data-testid=import-backup-file]', backup);
    await pb.waitForSelector('[data-testid=review-notice][data-kind=imported]');
    const notice = await pb.textContent('[data-testid=review-notice]');
    expect(notice).toContain('冲突 1 宗');
    await pb.waitForSelector(`[data-testid=review-conflicts] li[data-parcel-id="${first}"]`);
    expect((await statuses(pb))[first]).toBe('conflict');
    const others = { ...decided };
    delete others[first];
    const st = await statuses(pb);
    for (const [id, s] of Object.entries(others)) expect(st[id]).toBe(s);
    await shot(pb, 'review-04-conflict');
    await pb.click(`[data-testid=review-conflicts] li[data-parcel-id="${first}"] button[data-keep=confirmed]`);
    await waitStatus(pb, first, 'confirmed');
    await b.ctx.close();
  });

  it('a parcel gone from the reloaded dataset keeps its decision, shown as orphaned', async () => {
    const file = join(ROOT, 'dist', 'e2e-orphan', 'parcels.geojson');
    const original = readFileSync(file);
    const a = await profile();
    const page = await open(a.ctx, url('e2e-orphan'));
    await openPane(page, '张三');
    const id = await decideByKeys(page, 'confirm');
    const fc = JSON.parse(original.toString('utf8'));
    fc.features = fc.features.filter((f: { properties: { id: string } }) => f.properties.id !== id);
    try {
      writeFileSync(file, JSON.stringify(fc));
      await page.reload();
      await waitReady(page);
      await openPane(page, null);
      await page.waitForSelector(`[data-testid=review-orphans] li[data-parcel-id="${id}"]`);
      expect((await statuses(page))[id]).toBe('confirmed');
      await page.click(`[data-testid=review-orphans] li[data-parcel-id="${id}"] button`);
      await page.waitForSelector(`[data-testid=review-parcel][data-parcel-id="${id}"]`);
      expect(await page.textContent('[data-testid=review-parcel]')).toContain('宗地已不在数据中');
      await shot(page, 'review-05-orphan');
    } finally {
      writeFileSync(file, original);
    }
    await a.ctx.close();
  });

  it('storage refused (quota): told at once, the decision kept in memory and in the backup', async () => {
    const a = await profile();
    const page = await open(a.ctx, url('e2e-review'));
    // the browser's own quota cut to one byte (CDP); after other profiles in this file Chromium does not always apply
    // it (the page still sees gigabytes), and then IndexedDB is made to refuse writes as a full disk does: a
    // QuotaExceededError from every add and put, the error the browser gives. Either way the app meets a full disk.
    const cdp = await a.ctx.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(base).origin, quotaSize: 1 });
    if ((await page.evaluate(async () => (await navigator.storage.estimate()).quota ?? 0)) > 1024)
      await page.evaluate(() => {
        const full = () => {
          throw new DOMException('The disk is full (simulated)', 'QuotaExceededError');
        };
        IDBObjectStore.prototype.add = full;
        IDBObjectStore.prototype.put = full;
      });
    await openPane(page, '王五');
    const id = await decideByKeys(page, 'confirm');
    await page.waitForSelector('[data-testid=storage-banner][data-kind=quota]');
    expect(await page.textContent('[data-testid=storage-banner]')).toContain('存储空间已满');
    expect(await page.evaluate(() => window.__parkatlasReviews?.unsaved())).toBe(1);
    expect((await statuses(page))[id]).toBe('confirmed');
    await shot(page, 'review-06-quota');
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=storage-export]')]);
    const path = join(a.dir, 'rescue.zip');
    await d.saveAs(path);
    const listing = execFileSync('unzip', ['-p', path, 'reviews.json']).toString('utf8');
    const events = JSON.parse(listing).events as { parcelId: string; officer: string }[];
    expect(events.map((e) => [e.parcelId, e.officer])).toEqual([[id, '王五']]);
    await a.ctx.close();
  });

  it('prints a one-page 核查记录 of a parcel', async () => {
    const a = await profile(dirA);
    const page = await open(a.ctx, url('e2e-review'));
    await openPane(page, null);
    await page.waitForSelector('[data-testid=review-why] .failed, [data-testid=review-why]');
    await page.evaluate(() => {
      window.print = () => {};
    });
    await page.click('[data-testid=review-print]');
    await page.waitForSelector('[data-testid=print-record]', { state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const pdf = join(a.dir, 'record.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const pages = execFileSync('pdfinfo', [pdf]).toString('utf8');
    expect(pages).toMatch(/Pages:\s+1\b/);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(SCREENSHOTS, 'review-07-record')]);
    const text = execFileSync('pdftotext', [pdf, '-']).toString('utf8');
    expect(text).toContain('宗地核查记录');
    expect(text).toContain('核查记录（留痕）');
    expect(text).toContain('张三');
    await a.ctx.close();
  });

  it('evidence: a photo picked in the form is kept with the decision and shown after a reload; a file over the limit is refused, named', async () => {
    const a = await profile();
    const page = await open(a.ctx, url('e2e-review'));
    await openPane(page, '赵六');
    const id = (await current(page)) as string;
    // a real PNG (one red pixel), and a PDF over the 10 MiB limit
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    const big = Buffer.alloc(12.5 * 1024 * 1024, 0x25);
    // the picker opens from our button, in the language shown (the browser's own file button is hidden)
    expect(await page.textContent('[data-testid=review-attach]')).toBe('添加附件');
    await page.setInputFiles('[data-testid=review-files]', [
      { name: '现场照片.png', mimeType: 'image/png', buffer: png },
      { name: '调查记录.pdf', mimeType: 'application/pdf', buffer: big },
    ]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=review-notice][data-kind=problems]');
    const refused = (await page.textContent('[data-testid=review-notice]')) ?? '';
    expect(refused).toContain('调查记录.pdf');
    expect(refused).toContain('12.5 MB');
    expect(refused).toContain('10 MB');
    expect((await statuses(page))[id]).toBeUndefined();
    // without the big file, the decision is saved with the photo
    await page.screenshot({ path: join(SCREENSHOTS, 'review-08-refused.png') });
    await page.click('[data-testid=decision-form] button[aria-label*="调查记录.pdf"]', { timeout: 5000 });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await waitStatus(page, id, 'confirmed');
    await page.close();
    const again = await open(a.ctx, url('e2e-review', `&sel=${encodeURIComponent(id)}`));
    await again.waitForSelector(`[data-testid=review-history][data-parcel-id="${id}"] img[alt="现场照片.png"]`);
    const shown = await again.$eval(
      `[data-testid=review-history][data-parcel-id="${id}"] img[alt="现场照片.png"]`,
      (img) => (img as HTMLImageElement).naturalWidth,
    );
    expect(shown).toBe(1);
    await shot(again, 'review-08-attachment');
    await a.ctx.close();
  });
});
