/**
 * The 亩均效益 grades, best first (A 优先发展 … D 整治提升 in the usual provincial schemes; docs/rules.md). A module of
 * its own, free of the rules schema, so that the page's first chunk (legend, filters) draws grades without zod and the
 * default rules.
 */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];
