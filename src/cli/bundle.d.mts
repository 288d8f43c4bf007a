/** Where `npm run audit` keeps its bundles. */
export const BUNDLE_DIR: string;
/** The entry of the current bundle in `dir` if no file it was built from changed since; else null. */
export function freshBundle(dir?: string): string | null;
/** Builds a bundle in a new folder of `dir`, makes it the current one and returns its entry. */
export function buildBundle(dir?: string): Promise<string>;
/** The current bundle's entry, built first when missing or stale. */
export function ensureBundle(dir?: string): Promise<string>;
/** esbuild's options for a bundle of this project's Node code: these entries (name → source), into `outdir`. */
export function bundleOptions(entryPoints: Record<string, string>, outdir: string): import('esbuild').BuildOptions & { metafile: true };
