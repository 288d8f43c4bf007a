import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from '../helpers/fixtures';

/** Debian's Chromium, headless, with software WebGL and no background traffic (see README). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * The test browser. `gpuProcess` (benchmarks only) drops --disable-gpu: WebGL and the compositor then both run in the
 * GPU process on SwiftShader, and frames are not read back on the page's main thread.
 */
export const launch = (opts: { gpuProcess?: boolean } = {}): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: opts.gpuProcess ? CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu') : CHROMIUM_ARGS,
  });

export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Every request that leaves localhost, and every console error, seen by a page. */
export interface Watch {
  offHost: string[];
  errors: string[];
  dialogs: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1400, height: 900 },
  initScript?: () => void,
  /** called with the page before it navigates (to listen to its events) */
  before?: (page: Page) => void,
): Promise<{ page: Page; watch: Watch }> {
  // no service worker: it would store the whole app in the background of every test (offline.e2e.ts tests it)
  const context = await browser.newContext({ viewport, serviceWorkers: 'block', acceptDownloads: true });
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  if (initScript) await page.addInitScript(initScript);
  before?.(page);
  const watch: Watch = { offHost: [], errors: [], dialogs: [] };
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    const local = u.protocol === 'blob:' || u.protocol === 'data:' || u.hostname === '127.0.0.1' || u.hostname === 'localhost';
    // (a request still in flight when the test closes its browser is let go: not an error of the app)
    if (local) return route.continue().catch(() => undefined);
    watch.offHost.push(u.href);
    return route.abort().catch(() => undefined);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    const local = u.protocol === 'blob:' || u.protocol === 'data:' || u.hostname === '127.0.0.1' || u.hostname === 'localhost';
    if (!local && !watch.offHost.includes(u.href)) watch.offHost.push(u.href);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await waitReady(page);
  return { page, watch };
}

/** The data are analysed, the table is drawn and the map is idle. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=table]', { timeout: 120_000 });
  await mapIdle(page);
}

export async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__parkatlas !== undefined, null, { timeout: 60_000 });
  await page.evaluate(() => window.__parkatlas?.map.whenIdle());
}

/** A screenshot of the page as a user sees it, under test-output/screenshots/. */
export const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

/** Nothing left localhost, no console error, no dialog. */
export function cleanOf(watch: Watch): { offHost: string[]; errors: string[]; dialogs: string[] } {
  return { offHost: watch.offHost, errors: watch.errors, dialogs: watch.dialogs };
}
export const CLEAN = { offHost: [], errors: [], dialogs: [] };

/** The query parameter `name` of the page's URL. */
export const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

/** The policy of issue 18, which docs/security.md recommends: nothing may be fetched but from the app's own origin. */
export const STRICT_CSP = "default-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'";

/** Content types of the built app's files, for the tests that serve dist/ themselves (with a CSP header). */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.geojson': 'application/geo+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
