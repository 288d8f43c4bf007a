import { type Problem, problem } from './problem';

/**
 * A list of problems whose memory does not grow with a flood of one kind: at most PROBLEMS_KEPT_PER_KIND problems of
 * one kind (one code in one file) are kept, the others only counted. A file of a million empty features gives a
 * thousand "not a feature" problems and a count, not a million objects and a report too long to write.
 *
 * It is an Array of the problems kept, so the code that pushes to and reads a `Problem[]` takes it as it is; `finish`
 * gives the plain array a consumer keeps: the problems kept, then one 'omitted-problems' problem per kind that had
 * more (with the count). Its bookkeeping is in private fields, so a copy (structured clone, JSON) is just the problems.
 */
export const PROBLEMS_KEPT_PER_KIND = 1000;

export class ProblemList extends Array<Problem> {
  // map, filter, slice … make plain arrays, not lists
  static override get [Symbol.species]() {
    return Array;
  }

  readonly #limit: number;
  readonly #kept = new Map<string, number>();
  /** per kind with problems not kept: the first one not kept (its file, severity, category) and how many */
  readonly #omitted = new Map<string, { first: Problem; count: number }>();

  constructor(limit = PROBLEMS_KEPT_PER_KIND) {
    super();
    this.#limit = limit;
  }

  override push(...items: Problem[]): number {
    for (const p of items) this.add(p);
    return this.length;
  }

  /** Adds one problem (kept, or counted when its kind has PROBLEMS_KEPT_PER_KIND already). */
  add(p: Problem): void {
    const key = `${p.file}\u0000${p.code}`;
    const n = this.#kept.get(key) ?? 0;
    if (n < this.#limit) {
      this.#kept.set(key, n + 1);
      super.push(p);
      return;
    }
    const o = this.#omitted.get(key);
    if (o) o.count++;
    else this.#omitted.set(key, { first: p, count: 1 });
  }

  /** Adds every problem of a list, in order; a list's own omitted counts are added to this one's. */
  absorb(list: readonly Problem[]): void {
    for (const p of list) this.add(p);
    if (list instanceof ProblemList)
      for (const [key, o] of list.#omitted) {
        const mine = this.#omitted.get(key);
        if (mine) mine.count += o.count;
        else this.#omitted.set(key, { ...o });
      }
  }

  /** The problems kept, then one 'omitted-problems' problem per kind with more: a plain array. */
  finish(): Problem[] {
    const out = Array.from(this);
    for (const { first, count } of this.#omitted.values())
      out.push(
        problem({
          file: first.file,
          severity: first.severity,
          category: first.category,
          code: OMITTED,
          params: { count, kind: first.code, limit: this.#limit },
        }),
      );
    return out;
  }
}

/** The code of the problem that stands for the problems of a kind not kept. */
export const OMITTED = 'omitted-problems';
/** The code of the problem that stands for a feature's problems of a kind past the first few (see geojson.ts). */
export const MORE_IN_FEATURE = 'more-in-feature';

/** Every problem in one list, in order (a bounded list: see ProblemList). */
export function problemsOf(...lists: readonly (readonly Problem[])[]): Problem[] {
  const all = new ProblemList();
  for (const l of lists) all.absorb(l);
  return all.finish();
}

/** How many errors and warnings a finished list stands for, the problems not listed included. */
export function problemTotals(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    const n = p.code === OMITTED || p.code === MORE_IN_FEATURE ? Number(p.params.count) : 1;
    if (p.severity === 'error') errors += n;
    else warnings += n;
  }
  return { errors, warnings };
}
