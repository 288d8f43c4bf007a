import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ParcelResult } from '../../src/domain/types';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';
import { CLEAN, cleanOf, launch, mapIdle, openPage, param, shot, type Watch } from './browser';

const base = inject('baseUrl');
let browser: Browser;
let audit: TestAnalysis;
let page: Page;
let watch: Watch;

beforeAll(async () => {
  browser = await launch();
  // the numbers `npm run audit -- geodata/luohe` gives, by the same pipeline
  audit = await analyseLuohe();
  ({ page, watch } = await openPage(browser, `${base}?zone=linying&flags=idle`, { width: 1440, height: 900 }));
});
afterAll(async () => {
  await browser?.close();
});

const tableIds = () => page.evaluate(() => window.__parkatlas?.tableIds() ?? []);
const shownIds = () => page.locator('tr.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') as string));
const ariaSort = (col: string) => page.getAttribute(`th:has(button[data-sort=${col}])`, 'aria-sort');
const idleIn = (zone: string) => audit.parcels.filter((p) => p.zoneId === zone && p.flags.includes('idle'));

describe('the attribute table (one page, 临颍, idle parcels)', () => {
  it('sorts by two columns, the second added with Shift, in the audit report’s order; the sort is in the URL', async () => {
    await page.click('button[data-sort=idleYears]');
    expect(await ariaSort('idleYears')).toBe('ascending');
    await page.click('button[data-sort=idleYears]');
    expect(await ariaSort('idleYears')).toBe('descending');
    await page.click('button[data-sort=areaMu]', { modifiers: ['Shift'] });
    expect(await ariaSort('areaMu')).toBe('ascending');
    expect(await ariaSort('idleYears')).toBe('descending');
    expect(param(page, 'sort')).toBe('-idleYears,areaMu');
    const expected = idleIn('linying')
      .sort((a, b) => (b.idle.years as number) - (a.idle.years as number) || a.areaMu - b.areaMu)
      .map((p) => p.id);
    expect(await tableIds()).toEqual(expected);
    const shown = await shownIds();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(expected.slice(0, shown.length));
    // the cells say the same: years never rise, and within a year the area never falls
    const years = await page.locator('tr.row td[data-col=idleYears]').allTextContents();
    expect(years.map(Number)).toEqual([...years.map(Number)].sort((a, b) => b - a));
    await shot(page, 'table-sorted-1440');
    // the sort survives a reload
    await page.reload();
    await page.waitForSelector('[data-testid=table]');
    expect(await tableIds()).toEqual(expected);
    expect(await page.locator('th:has(button[data-sort=areaMu]) sup').textContent()).toBe('2');
  });

  it('sorts with the keyboard: Enter and Space on a header, Shift+Enter adds a column; a plain click sorts by one alone', async () => {
    await page.focus('button[data-sort=intensityWanPerMu]');
    // the URL follows the store a moment after the key (polled: a busy page writes it a frame later)
    await page.keyboard.press('Enter');
    await expect.poll(() => param(page, 'sort'), { timeout: 10_000 }).toBe('intensityWanPerMu');
    await page.keyboard.press('Space');
    await expect.poll(() => param(page, 'sort'), { timeout: 10_000 }).toBe('-intensityWanPerMu');
    // Tab goes from a header's sort button to its filter, then to the next header
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sort'))).toBe('far');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => param(page, 'sort'), { timeout: 10_000 }).toBe('-intensityWanPerMu,far');
    // a parcel without intensity goes last whichever the direction
    const intensity = (ids: string[]) => ids.map((id) => audit.parcels.find((p) => p.id === id)?.intensityWanPerMu ?? null);
    const values = intensity(await tableIds());
    const firstNull = values.indexOf(null);
    if (firstNull >= 0) expect(values.slice(firstNull).every((v) => v == null)).toBe(true);
    await page.click('button[data-sort=name]');
    await expect.poll(() => param(page, 'sort'), { timeout: 10_000 }).toBe('name');
  });

  it('the 闲置状态 column filters idle status, multi-select, and keeps the side panel’s flag choice', async () => {
    await page.check('input[data-flag=low-efficiency]');
    expect(param(page, 'flags')).toBe('idle,low-efficiency');
    const filter = page.locator('details[data-filter=idleStatuses]');
    await filter.locator('summary').click();
    // its choices are idle statuses, not flags
    expect(await filter.locator('input').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-value')))).toEqual([
      'idle',
      'suspected',
      'not-idle',
      'unknown',
    ]);
    await filter.locator('input[data-value=not-idle]').check();
    await filter.locator('input[data-value=suspected]').check();
    await mapIdle(page);
    expect(param(page, 'flags')).toBe('idle,low-efficiency');
    expect(param(page, 'idle')).toBe('suspected,not-idle');
    const expected = audit.parcels
      .filter(
        (p) =>
          p.zoneId === 'linying' &&
          (p.flags.includes('idle') || p.flags.includes('low-efficiency')) &&
          (p.idle.status === 'suspected' || p.idle.status === 'not-idle'),
      )
      .map((p) => p.id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect((await tableIds()).sort()).toEqual(expected);
    await shot(page, 'table-idle-filter-1440');
    await filter.locator('summary').click();
  });

  it('has a column of the failed indicators, as the CLI’s CSV has, and filters by it', async () => {
    await page.click('[data-testid=clear-filters]');
    await page.click('button[data-sort=failedIndicators]');
    const cells = await page
      .locator('tr.row')
      .evaluateAll((rows) =>
        rows.slice(0, 8).map((r) => ({ id: r.getAttribute('data-id') as string, text: r.querySelector('td[data-col=failedIndicators]')?.textContent ?? '' })),
      );
    const byId = new Map(audit.parcels.map((p) => [p.id, p]));
    const zhIndicator: Record<string, string> = { intensity: '投资强度', far: '容积率', coverage: '建筑系数', output: '亩均产出', tax: '亩均税收' };
    for (const { id, text } of cells) {
      const reasons = (byId.get(id) as ParcelResult).lowEfficiency.reasons.map((r) => zhIndicator[r.indicator] ?? r.indicator);
      expect(text).toBe(reasons.join('、'));
    }
    expect(cells.some(({ text }) => text !== '')).toBe(true);
  });

  it('the 闲置年数 map: whole-year classes, and parcels that are not idle read 未闲置', async () => {
    await page.selectOption('[data-testid=metric]', 'idleYears');
    await mapIdle(page);
    const classes = await page.locator('[data-testid=legend] .legend-classes li').allTextContents();
    const years = classes.filter((c) => /\d/.test(c));
    expect(years.length).toBeGreaterThanOrEqual(2);
    for (const c of years) expect(c.trim()).toMatch(/^\d+(–\d+)?$/);
    expect(classes.map((c) => c.trim())).toEqual(expect.arrayContaining(['未闲置', '无法判定']));
    expect(classes.map((c) => c.trim())).not.toContain('无数据');
    await shot(page, 'legend-idle-years-1440');
    await page.selectOption('[data-testid=metric]', 'intensityWanPerMu');
  });

  it('a search with no match says so and offers to clear the filters, which brings the rows back', async () => {
    await page.fill('input.search', 'no-such-parcel-xyz');
    await page.waitForSelector('[data-testid=empty-state]');
    expect(await page.textContent('[data-testid=empty-state]')).toContain('没有符合筛选条件的宗地');
    await shot(page, 'table-empty-1440');
    await page.click('[data-testid=empty-clear-filters]');
    expect(await page.locator('[data-testid=empty-state]').count()).toBe(0);
    expect((await tableIds()).length).toBe(audit.parcels.filter((p) => p.zoneId === 'linying').length);
    expect(cleanOf(watch)).toEqual(CLEAN);
  });
});
