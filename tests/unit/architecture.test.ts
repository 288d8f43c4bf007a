import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures';

/**
 * The folders of src/ import one another in one direction only (docs/architecture.md): a folder cycle is a failure.
 * Imports are read from the source text (static, dynamic, `export … from`, `new URL('./x', import.meta.url)`): the
 * code is formatted by Biome, so every specifier is a single-quoted string after `from`, `import(` or `new URL(`.
 */
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mjs|js|mts)$/.test(name) ? [p] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bnew URL\(\s*)'(\.{1,2}\/[^'?]+)/g;

/** The folder of a file under src/ ("main.tsx" and other top-level files are the folder "(root)"). */
const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? (parts[0] as string) : '(root)';
};

/** Folder → the folders its files import. */
function folderGraph(files: readonly string[], read: (file: string) => string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const m of read(file).matchAll(SPECIFIER)) {
      const to = folderOf(resolve(dirname(file), m[1] as string));
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** The cycles of a graph, as its strongly connected components of more than one node (Tarjan). */
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('folders of src/', () => {
  const files = sourceFiles(SRC);
  const graph = folderGraph(files, (f) => readFileSync(f, 'utf8'));

  it('import one another without a cycle', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  it('keep domain and geo pure: they import no other folder of the app but each other', () => {
    expect([...(graph.get('domain') ?? [])]).toEqual([]);
    expect([...(graph.get('geo') ?? [])].filter((f) => f !== 'domain')).toEqual([]);
  });

  it('keep MapLibre in src/map: no other folder imports it', () => {
    const outside = files.filter((f) => folderOf(f) !== 'map' && /from 'maplibre-gl/.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('the check finds a cycle when one is added', () => {
    const withCycle = new Map([...graph].map(([k, v]) => [k, new Set(v)]));
    withCycle.get('domain')?.add('state');
    const cycles = cyclesOf(withCycle);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toContain('domain');
    expect(cycles[0]).toContain('state');
  });
});
