// The audit CLI as plain JavaScript: esbuild bundles src/cli/audit.ts and its worker thread's entry into
// node_modules/.cache/parkatlas-cli, so a run loads one module graph of JavaScript instead of compiling TypeScript
// through tsx in the main thread and again in each worker thread. `npm run audit` (run.mjs) builds it when any of its
// source files is newer than the bundle. `node src/cli/bundle.mjs` builds it now.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'parkatlas-cli');
/** names the current build, a folder of BUNDLE_DIR, with what it was built from */
const CURRENT = 'current.json';
const THIS_FILE = fileURLToPath(import.meta.url);
/**
 * Rewritten by every npm install that changes node_modules: a package's own files keep the dates of its tarball
 * (often 1985), so an installed version would not look newer than the bundle.
 */
const INSTALLS = [join(ROOT, 'package-lock.json'), join(ROOT, 'node_modules', '.package-lock.json')];
/** an older build is deleted once it is this old (a run that started on it may still load its worker file) */
const OLD_BUILD_MS = 3_600_000;

/** The entry of the current build in `dir` if it was built after every file it was built from (and this script) was last changed. */
export function freshBundle(dir = BUNDLE_DIR) {
  let current;
  try {
    current = JSON.parse(readFileSync(join(dir, CURRENT), 'utf8'));
  } catch {
    return null;
  }
  const { build, builtMs, inputs, outputs } = current;
  if (typeof build !== 'string' || typeof builtMs !== 'number' || !Array.isArray(inputs) || !Array.isArray(outputs)) return null;
  try {
    for (const f of INSTALLS) if ((statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0) > builtMs) return null;
    for (const f of [THIS_FILE, ...inputs.map((x) => join(ROOT, x))]) if (statSync(f).mtimeMs > builtMs) return null;
    for (const f of outputs) statSync(join(dir, build, f));
  } catch {
    // a source file gone, or an output missing
    return null;
  }
  return join(dir, build, 'audit.mjs');
}

/**
 * esbuild's options for Node code of this project, as the CLI runs it (also bench (a)'s measuring process): ES modules
 * with shared chunks, so a worker thread's entry (shardWorker) sits next to the code that starts it.
 */
export function bundleOptions(entryPoints, outdir) {
  return {
    absWorkingDir: ROOT,
    entryPoints,
    // the packages are bundled too: one file to load is faster than resolving each package's modules (some 0.15 s a
    // thread in ad-hoc runs); their files are among the inputs whose change makes the bundle stale
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    // packages' ES module builds first, as the app's bundler takes them: they shake out better (proj4's UMD build
    // carried all of it, robust-predicates a second copy): 938 → 817 KB (ad hoc), less for each thread to load
    mainFields: ['module', 'main'],
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  };
}

/**
 * Builds the bundle into a new folder of `dir` and then names it in current.json (written whole by a rename), so a
 * run never loads half a bundle, nor a bundle replaced under it. Returns the entry's path.
 */
export async function buildBundle(dir = BUNDLE_DIR) {
  const { build } = await import('esbuild');
  const builtMs = Date.now();
  const name = `${builtMs}-${process.pid}`;
  const out = join(dir, name);
  const result = await build(bundleOptions({ audit: 'src/cli/audit.ts', shardWorker: 'src/cli/shardWorker.ts' }, out));
  const outputs = Object.keys(result.metafile.outputs).map((f) => relative(out, join(ROOT, f)));
  // (builtMs is when the build started: a file changed while it was being read counts as newer than the bundle)
  const current = JSON.stringify({ build: name, builtMs, inputs: Object.keys(result.metafile.inputs), outputs });
  const tmp = join(dir, `${CURRENT}.${name}`);
  writeFileSync(tmp, current);
  renameSync(tmp, join(dir, CURRENT));
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory() && e.name !== name && builtMs - statSync(join(dir, e.name)).mtimeMs > OLD_BUILD_MS)
      rmSync(join(dir, e.name), { recursive: true, force: true });
  return join(out, 'audit.mjs');
}

/** The bundle's entry, built first if it is missing or older than its sources. */
export async function ensureBundle(dir = BUNDLE_DIR) {
  return freshBundle(dir) ?? buildBundle(dir);
}

if (process.argv[1] === THIS_FILE) console.log(await buildBundle());
