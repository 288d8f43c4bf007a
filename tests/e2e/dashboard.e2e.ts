import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { muFromM2 } from '../../src/domain/units';
import { ROOT } from '../helpers/fixtures';
import { CLEAN, cleanOf, launch, openPage, param, shot } from './browser';

/**
 * The plan dashboard in the built app, against the audit CLI's reports of the same data at the same dates
 * (`npm run audit -- geodata/luohe --as-of D`, run here as a child process) and the plan's facts (plan.json).
 */

const base = inject('baseUrl');
let browser: Browser;

interface CountArea {
  count: number;
  areaM2: number;
}
interface ReportParcel {
  id: string;
  zoneId: string | null;
  landUseKind: string | null;
  industryCode: string | null;
  revenueWanYuan: number | null;
  flags: string[];
  idle: { status: string; measure: string | null };
  lowEfficiency: { status: boolean };
}
interface ReportSummary {
  idleAreaM2: number;
  idleShare: number | null;
  idleByMeasure: Record<string, CountArea>;
  lowEfficiencyCount: number;
  lowEfficiencyAreaM2: number;
  lowEfficiencyShare: number | null;
  intensityWanPerMu: number | null;
}
interface Report {
  asOf: string;
  parcels: ReportParcel[];
  city: ReportSummary;
  zones: (ReportSummary & { zoneId: string })[];
}

const DATES = ['2016-12-31', '2017-12-31', '2018-12-31'] as const;
const reports = new Map<string, Report>();
const plan = JSON.parse(readFileSync(join(ROOT, 'geodata', 'luohe', 'plan.json'), 'utf8')) as {
  zones: { id: string; leadingIndustry: string; leadingIndustryRevenueTarget2018: { value: number; comparison: string } }[];
  industries: { id: string; divisions: string[] }[];
};

beforeAll(async () => {
  browser = await launch();
  // the CLI, one date after the other (the machine's cores are shared)
  for (const d of DATES) {
    const { stdout } = await promisify(execFile)('node', ['src/cli/run.mjs', 'geodata/luohe', '--as-of', d], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
    reports.set(d, JSON.parse(stdout) as Report);
  }
}, 300_000);
afterAll(async () => {
  await browser?.close();
});

const report = (d: string) => reports.get(d) as Report;
const idleCount = (s: ReportSummary) => Object.values(s.idleByMeasure).reduce((t, c) => t + c.count, 0);

/** A figure's values as the dashboard holds them (data-values: the unrounded numbers behind the text). */
async function figureValues(page: Page, key: string): Promise<number[]> {
  const raw = await page.locator(`[data-testid=dashboard-figures] tr[data-figure="${key}"] td.figure-value`).getAttribute('data-values');
  return (raw ?? '').split('|').map(Number);
}
const close = (got: number | undefined, want: number, what: string) =>
  expect(Math.abs((got as number) - want), `${what}: ${got} vs ${want}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));

async function expectWasteFigures(page: Page, s: ReportSummary, what: string) {
  const [n, mu, pct] = await figureValues(page, 'idle');
  expect(n, `${what} idle count`).toBe(idleCount(s));
  close(mu, muFromM2(s.idleAreaM2), `${what} idle 亩`);
  close(pct, (s.idleShare ?? 0) * 100, `${what} idle share`);
  const [ln, lmu, lpct] = await figureValues(page, 'lowEfficiency');
  expect(ln, `${what} low-efficiency count`).toBe(s.lowEfficiencyCount);
  close(lmu, muFromM2(s.lowEfficiencyAreaM2), `${what} low-efficiency 亩`);
  close(lpct, (s.lowEfficiencyShare ?? 0) * 100, `${what} low-efficiency share`);
}

/** Waits until the filter shows `n` rows (the table and map follow the same rows). */
const waitCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelector('[data-testid=match-count]')?.getAttribute('data-count') === String(want), n, { timeout: 30_000 });

async function openDashboard(page: Page) {
  await page.click('[data-testid=dashboard-toggle]');
  await page.waitForSelector('[data-testid=dashboard-figures]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=chart-waste] svg path', { state: 'attached' });
}

async function setAsOf(page: Page, date: string) {
  await page.click(`[data-year-end="${date}"]`);
  await page.waitForFunction((d) => document.querySelector('[data-testid=dashboard-figures]')?.getAttribute('data-as-of') === d, date, { timeout: 60_000 });
}

describe('the plan dashboard', () => {
  it('shows the city and a zone against the audit report and the plan, at the dataset’s date (1440×900)', async () => {
    const { page, watch } = await openPage(browser, base, { width: 1440, height: 900 });
    await openDashboard(page);
    expect(param(page, 'dash')).toBe('1');
    const r = report('2018-12-31');
    expect(await page.textContent('[data-testid=as-of-date]')).toBe('2018-12-31');
    await expectWasteFigures(page, r.city, 'city 2018');
    close((await figureValues(page, 'intensity'))[0], r.city.intensityWanPerMu as number, 'city intensity');
    // each weighted mean says what it is weighted over
    expect(await page.textContent('tr[data-figure=intensity] th')).toMatch(/按填报固定资产投资的工业用地 [\d,.]+ 亩加权/);
    expect(await page.textContent('tr[data-figure=idle] th')).toMatch(/占比以工业用地 [\d,.]+ 亩为分母/);

    // a zone: its leading industry's revenue against the plan's 2018 target, with progress; what cannot be compared says so
    await page.selectOption('[data-testid=dashboard-scope]', 'jingji');
    await page.waitForSelector('[data-testid=dashboard-figures][data-scope=jingji]');
    expect(param(page, 'zone')).toBe('jingji');
    const zone = r.zones.find((z) => z.zoneId === 'jingji') as ReportSummary;
    await expectWasteFigures(page, zone, 'jingji 2018');
    const zp = plan.zones.find((z) => z.id === 'jingji') as (typeof plan.zones)[number];
    const divisions = plan.industries.find((i) => i.id === zp.leadingIndustry)?.divisions ?? [];
    const revenueYi =
      r.parcels
        .filter((p) => p.zoneId === 'jingji' && divisions.includes((p.industryCode ?? '').slice(0, 2)))
        .reduce((t, p) => t + (p.revenueWanYuan ?? 0), 0) / 10_000;
    const lead = page.locator(`tr[data-figure="leadingRevenue:${zp.leadingIndustry}"]`);
    close((await figureValues(page, `leadingRevenue:${zp.leadingIndustry}`))[0], revenueYi, 'jingji leading revenue');
    expect(await lead.locator('.target-value').textContent()).toContain(zp.leadingIndustryRevenueTarget2018.value.toLocaleString('zh-CN'));
    const met =
      zp.leadingIndustryRevenueTarget2018.comparison === '>'
        ? revenueYi > zp.leadingIndustryRevenueTarget2018.value
        : revenueYi >= zp.leadingIndustryRevenueTarget2018.value;
    expect(await lead.locator('[data-met]').getAttribute('data-met')).toBe(String(met));
    expect(await lead.locator('.progress-cell').textContent()).toContain(`${Math.round((revenueYi / zp.leadingIndustryRevenueTarget2018.value) * 100)}%`);
    expect(await page.locator('tr[data-figure="plan.leading-firms"] [data-not-modelled=firm-identity]').textContent()).toContain('未建模');
    expect(await page.locator('tr[data-figure=stars] [data-not-modelled=star-rating]').count()).toBe(1);
    // the charts are drawn (bars, not a blank box)
    for (const id of ['intensity', 'waste', 'leading', 'land-use', 'ranking-intensityWanPerMu']) {
      expect(await page.locator(`[data-testid=chart-${id}] svg path`).count(), id).toBeGreaterThan(6);
    }
    await shot(page, 'dashboard-zone-1440');

    // exports: the figures of every scope as CSV and XLSX; a chart as SVG and PNG
    const download = async (selector: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      const path = await d.path();
      return { name: d.suggestedFilename(), bytes: readFileSync(path) };
    };
    const csv = await download('[data-testid=export-figures-csv]');
    expect(csv.name).toBe('parkatlas-dashboard-2018-12-31.csv');
    const lines = csv.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const idleLine = lines.find((l) => l.startsWith('全市（各集聚区合计）,') && l.includes(',闲置土地,'))?.split(',');
    expect(Number(idleLine?.[3])).toBe(idleCount(r.city));
    close(Number(idleLine?.[5]), muFromM2(r.city.idleAreaM2), 'CSV city idle 亩');
    expect(lines.some((l) => l.startsWith('经济技术产业集聚区,') && l.includes('未建模'))).toBe(true);
    const xlsx = await download('[data-testid=export-figures-xlsx]');
    expect(xlsx.name).toBe('parkatlas-dashboard-2018-12-31.xlsx');
    const sheets = unzipSync(new Uint8Array(xlsx.bytes));
    const sheetText = Object.entries(sheets)
      .filter(([n]) => n.startsWith('xl/'))
      .map(([, b]) => strFromU8(b))
      .join('');
    expect(sheetText).toContain('闲置土地');
    expect(sheetText).not.toContain('<f>');
    const svgFile = await download('[data-chart=waste] [data-export=svg]');
    expect(svgFile.name).toBe('parkatlas-waste-2018-12-31.svg');
    expect(svgFile.bytes.toString('utf8')).toMatch(/^<svg[\s\S]*<path/);
    // well-formed: a browser reads it back as an SVG image
    expect(
      await page.evaluate(
        (text) => new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror') == null,
        svgFile.bytes.toString('utf8'),
      ),
    ).toBe(true);
    const png = await download('[data-chart=waste] [data-export=png]');
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(600); // width at twice the chart's
    await page.locator('[data-testid=chart-waste]').scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-charts-1440');
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });

  it('changes the as-of date in the app: every figure and flag re-evaluated to the CLI’s at that date, no reload, the date in the URL', async () => {
    const { page, watch } = await openPage(browser, `${base}?dash=1`, { width: 1280, height: 720 });
    await page.waitForSelector('[data-testid=dashboard-figures]', { timeout: 60_000 });
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    // the idle flag filter: the parcels flagged idle
    await page.check('[data-flag=idle]');
    const flagged = (d: string) => report(d).parcels.filter((p) => p.flags.includes('idle')).length;
    await waitCount(page, flagged('2018-12-31'));
    for (const d of ['2016-12-31', '2017-12-31', '2018-12-31']) {
      await setAsOf(page, d);
      expect(await page.textContent('[data-testid=as-of-date]')).toBe(d);
      await expectWasteFigures(page, report(d).city, `city ${d}`);
      await waitCount(page, flagged(d));
      expect(param(page, 'asof')).toBe(d === '2018-12-31' ? null : d);
      if (d === '2016-12-31') await shot(page, 'dashboard-asof-2016-1280');
    }
    expect(flagged('2016-12-31')).not.toBe(flagged('2018-12-31'));
    // any date, typed
    await page.fill('[data-testid=as-of-input]', '2017-06-30');
    await page.press('[data-testid=as-of-input]', 'Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=dashboard-figures]')?.getAttribute('data-as-of') === '2017-06-30', null, {
      timeout: 60_000,
    });
    expect(param(page, 'asof')).toBe('2017-06-30');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    // a link with the date opens at that date
    const again = await openPage(browser, `${base}?dash=1&asof=2016-12-31`, { width: 1280, height: 720 });
    await again.page.waitForFunction(() => document.querySelector('[data-testid=dashboard-figures]')?.getAttribute('data-as-of') === '2016-12-31', null, {
      timeout: 60_000,
    });
    await expectWasteFigures(again.page, report('2016-12-31').city, 'opened at 2016');
    expect(cleanOf(watch)).toEqual(CLEAN);
    expect(cleanOf(again.watch)).toEqual(CLEAN);
    await again.page.close();
    await page.close();
  });

  it('filters the map and table to a clicked bar, and from the chart’s data table by keyboard', async () => {
    const { page, watch } = await openPage(browser, `${base}?dash=1`, { width: 1440, height: 900 });
    await page.waitForSelector('[data-testid=chart-waste] svg path', { state: 'attached', timeout: 60_000 });
    const r = report('2018-12-31');
    // the tallest take-back (无偿收回) bar: its colour is the map's idle colour
    await page.locator('[data-testid=chart-waste]').scrollIntoViewIfNeeded();
    const box = await page.locator('[data-testid=chart-waste]').evaluate((el) => {
      const paths = [...el.querySelectorAll('svg path')].filter((p) => (p.getAttribute('fill') ?? '').toLowerCase() === '#d55e00');
      const boxes = paths.map((p) => p.getBoundingClientRect()).filter((b) => b.width > 20 && b.height > 1); // a bar, not its legend's icon
      boxes.sort((a, b) => b.height - a.height);
      const b = boxes[0];
      return b ? { x: b.x + b.width / 2, y: b.y + b.height / 2 } : null;
    });
    expect(box).not.toBeNull();
    await page.mouse.click((box as { x: number }).x, (box as { y: number }).y);
    await page.waitForFunction(() => new URL(location.href).searchParams.get('measure') === 'reclaim', null, { timeout: 10_000 });
    const zone = param(page, 'zone');
    expect(zone).not.toBeNull();
    const want = r.parcels.filter((p) => p.zoneId === zone && p.landUseKind === 'industrial' && p.idle.status === 'idle' && p.idle.measure === 'reclaim');
    expect(want.length).toBeGreaterThan(0);
    await waitCount(page, want.length);
    // the filter shows in the filter panel like any other, and the table lists exactly those parcels
    expect(await page.isChecked('[data-idle-measure=reclaim]')).toBe(true);
    expect(await page.isChecked('[data-land-use-kind=industrial]')).toBe(true);
    expect(await page.getAttribute('[data-testid=table]', 'data-rows')).toBe(String(want.length));
    await shot(page, 'dashboard-bar-filter-1440');

    // keyboard: the land-use chart's data table, its first cell
    await page.click('[data-testid=clear-filters]');
    await page.selectOption('[data-testid=dashboard-scope]', '');
    await waitCount(page, r.parcels.length);
    const summary = page.locator('[data-chart=land-use] .chart-data summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      series: document.activeElement?.getAttribute('data-series'),
      count: document.activeElement?.getAttribute('data-count'),
    }));
    expect(focused.series).toBe('industrial');
    await page.keyboard.press('Enter');
    await waitCount(page, Number(focused.count));
    expect(param(page, 'luk')).toBe('industrial');
    expect(param(page, 'fa')).toBe('built-up');
    expect(Number(focused.count)).toBe(
      r.parcels.filter((p) => p.landUseKind === 'industrial' && (p as unknown as { functionalArea: string }).functionalArea === 'built-up').length,
    );
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });

  it('compares two year-ends: exactly the parcels whose status differs between the two CLI reports, by change, filtering the map', async () => {
    const { page, watch } = await openPage(browser, `${base}?dash=1`, { width: 1440, height: 900 });
    await page.waitForSelector('[data-testid=dashboard-figures]', { timeout: 60_000 });
    await page.click('[data-compare="2017-12-31~2018-12-31"]');
    await page.waitForSelector('[data-testid=comparison-total]', { timeout: 60_000 });
    expect(param(page, 'cmp')).toBe('2017-12-31~2018-12-31');
    const a = new Map(report('2017-12-31').parcels.map((p) => [p.id, p]));
    const changed = report('2018-12-31').parcels.filter((p) => {
      const q = a.get(p.id) as ReportParcel;
      return q.idle.status !== p.idle.status || q.idle.measure !== p.idle.measure || q.lowEfficiency.status !== p.lowEfficiency.status;
    });
    expect(changed.length).toBeGreaterThan(0);
    expect(Number(await page.getAttribute('[data-testid=comparison-total]', 'data-count'))).toBe(changed.length);
    const listed = await page.locator('[data-testid=change-list] tr[data-parcel]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-parcel')));
    expect(listed.sort()).toEqual(
      changed
        .map((p) => p.id)
        .sort()
        .slice(0, 200),
    );
    const newlyIdle = changed.filter((p) => p.idle.status === 'idle' && (a.get(p.id) as ReportParcel).idle.status !== 'idle');
    expect(Number(await page.getAttribute('.change-totals [data-change=newly-idle]', 'data-count'))).toBe(newlyIdle.length);
    await page.click('.change-totals [data-change=newly-idle]');
    await waitCount(page, newlyIdle.length);
    expect(param(page, 'chg')).toBe('newly-idle');
    expect(await page.isChecked('[data-testid=change-filter] [data-change=newly-idle]')).toBe(true);
    expect(await page.locator('[data-testid=chart-changes] svg path').count()).toBeGreaterThan(3);
    await page.locator('[data-testid=comparison]').scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-compare-1440');
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });

  it('reads on a phone (390×844) and in English', async () => {
    const { page, watch } = await openPage(browser, `${base}?dash=1&lang=en&zone=linying&drawer=table`, { width: 390, height: 844 });
    await page.waitForSelector('[data-testid=dashboard-figures][data-scope=linying]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=dashboard] h2')).toBe('Against the 2016–2018 plan');
    expect(await page.textContent('tr[data-figure=intensity] th')).toMatch(/weighted over [\d,.]+ mu of industrial land reporting investment/);
    expect(await page.textContent('tr[data-figure=stars]')).toContain('not modelled');
    await shot(page, 'dashboard-390');
    await page.locator('[data-testid=chart-waste]').scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-charts-390');
    // the tab bar leads back to the map and table: the dashboard makes way
    await page.click('.tabbar button[data-drawer=table]');
    expect(await page.isVisible('[data-testid=dashboard]')).toBe(false);
    expect(await page.isVisible('[data-testid=table]')).toBe(true);
    expect(param(page, 'dash')).toBeNull();
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });
});
