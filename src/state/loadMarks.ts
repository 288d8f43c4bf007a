import type { Phase } from '../engine/session';

/**
 * The load's User Timing marks (performance.mark), each `parkatlas:` + name, in order: the worker's phases as they
 * begin, then the data shown (ready), then the table drawn (table). Those of the last load only. Progress comes on a
 * port of its own, so a phase's first message may arrive after the results (prepare, done): that mark is then missing.
 */
export const LOAD_MARKS = ['fetch', 'validate', 'analyse', 'prepare', 'done', 'ready', 'table'] as const satisfies readonly (Phase | 'ready' | 'table')[];
