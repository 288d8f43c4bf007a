import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { RESOURCES } from '../i18n/resources.ts';

/**
 * Build-time helpers of the app (Node only; vite.config.ts and the browser tests use them).
 *
 * The app runs from static files, and a static server cannot list folders: what datasets there are is written at
 * build time into `datasets.json` beside the app, so that `?dataset=<name>` of a folder that is not there is told
 * as such, with the names that are.
 */
export interface DatasetIndexEntry {
  id: string;
  name: string;
  nameEn: string;
}

export const DATASET_INDEX = 'datasets.json';
/** How deep below the app a dataset folder may be (`?dataset=a/b`). */
const MAX_DEPTH = 2;

/** Every folder below `root` (up to MAX_DEPTH) that holds a dataset.json, with the names it gives (its id if none). */
export function datasetIndex(root: string): DatasetIndexEntry[] {
  const out: DatasetIndexEntry[] = [];
  const visit = (dir: string, rel: string[], depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!/^[\w-]+$/.test(name) || !statSync(path).isDirectory()) continue;
      const id = [...rel, name].join('/');
      const manifest = join(path, 'dataset.json');
      if (existsSync(manifest)) out.push(entryOf(id, manifest));
      else if (depth < MAX_DEPTH) visit(path, [...rel, name], depth + 1);
    }
  };
  visit(root, [], 1);
  return out;
}

function entryOf(id: string, manifest: string): DatasetIndexEntry {
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; nameEn?: unknown };
    const name = typeof m.name === 'string' ? m.name : id;
    return { id, name, nameEn: typeof m.nameEn === 'string' ? m.nameEn : name };
  } catch {
    // a manifest that does not read is listed by its folder: opening it shows what is wrong with it
    return { id, name: id, nameEn: id };
  }
}

export function writeDatasetIndex(dist: string): void {
  writeFileSync(join(dist, DATASET_INDEX), `${JSON.stringify(datasetIndex(dist), null, 2)}\n`);
}

/** The page shown when index.html is opened from disk: modules do not load from file://, so nothing else would. */
export const FILE_NOTICE_SCRIPT = 'file-notice.js';

/**
 * A classic script (classic scripts do load from file://) that, on a page opened from disk, says in both languages
 * how to serve the app. Its text comes from the i18n resources. It writes text nodes only.
 */
export function fileNoticeScript(): string {
  const text = { zh: RESOURCES.zh.fileNotice, en: RESOURCES.en.fileNotice };
  return `// ParkAtlas: shown when index.html is opened from disk (generated from src/i18n/resources.ts)
(function () {
  if (location.protocol !== 'file:') return;
  var text = ${JSON.stringify(text)};
  function show() {
    var root = document.getElementById('root');
    if (!root) return;
    var box = document.createElement('div');
    box.className = 'file-notice';
    // the page's stylesheet does not load from disk either
    box.style.cssText = 'max-width:720px;margin:40px auto;padding:0 16px;font:15px/1.6 "WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",system-ui,sans-serif;color:#222';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-testid', 'file-notice');
    ['zh', 'en'].forEach(function (lang) {
      var t = text[lang];
      var sec = document.createElement('section');
      sec.lang = lang === 'zh' ? 'zh-CN' : 'en';
      var h = document.createElement('h1');
      h.style.cssText = 'font-size:22px;margin:24px 0 8px';
      h.textContent = t.title;
      var p = document.createElement('p');
      p.textContent = t.why;
      var pre = document.createElement('pre');
      pre.style.cssText = 'background:#f4f2ed;padding:8px 10px;white-space:pre-wrap;font-size:13px';
      pre.textContent = t.command;
      var p2 = document.createElement('p');
      p2.textContent = t.serve;
      sec.append(h, p, pre, p2);
      box.append(sec);
    });
    root.replaceChildren(box);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
})();
`;
}

/**
 * The Vite plugin: `datasets.json` (from the public folder of datasets, at build and on the dev server) and the
 * file:// notice script, linked from the page.
 */
export function parkatlasBuild(opts: { datasets: string }): Plugin {
  return {
    name: 'parkatlas-build',
    transformIndexHtml: () => [{ tag: 'script', attrs: { src: `./${FILE_NOTICE_SCRIPT}` }, injectTo: 'head' }],
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        if (path.endsWith(`/${DATASET_INDEX}`)) {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(datasetIndex(opts.datasets)));
        } else if (path.endsWith(`/${FILE_NOTICE_SCRIPT}`)) {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(fileNoticeScript());
        } else next();
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: DATASET_INDEX, source: `${JSON.stringify(datasetIndex(opts.datasets), null, 2)}\n` });
      this.emitFile({ type: 'asset', fileName: FILE_NOTICE_SCRIPT, source: fileNoticeScript() });
    },
  };
}
