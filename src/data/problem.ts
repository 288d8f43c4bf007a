import { renderText, type TextParams, type Translator, translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';

/** A problem found while reading input: a value, never a thrown string (STYLE.md). */
export type Severity = 'error' | 'warning';
/** geojson: RFC 7946 structure; geometry: ring and position validity; contract: ParkAtlas's parcel contract. */
export type ProblemCategory = 'file' | 'geojson' | 'geometry' | 'contract' | 'crs' | 'analysis';

/**
 * What is wrong and where. `code` and `params` are the problem; the message is made from them by src/i18n in the
 * reader's language (`problemMessage`), so the app, the CLI and the reports say the same thing in Chinese or English.
 */
export interface Problem {
  file: string;
  /** Index of the feature in the file's `features` array; null for a problem of the whole file. */
  featureIndex: number | null;
  featureId: string | null;
  property: string | null;
  severity: Severity;
  category: ProblemCategory;
  /** Stable id of the kind of problem; its message is `problem.<code>` in src/i18n (`problem.<code>.<variant>` with a variant). */
  code: string;
  /** The values the message is made of: data as text, cut to TEXT_MAX characters; `variant` picks the message of a code. */
  params: TextParams;
  /** The message in Chinese, the product's first language, for a consumer that shows it as it is. */
  message: string;
}

/** Data quoted in a problem (ids, values, paths) is cut to this many characters: a problem's size does not grow with the input. */
export const TEXT_MAX = 200;

/** A data value as it is quoted in a message: text, cut to TEXT_MAX characters. */
export function quoted(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number') s = Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
  else if (v === undefined) s = 'undefined';
  else if (v === null || typeof v === 'boolean') s = String(v);
  else if (Array.isArray(v)) s = `[…${v.length}]`;
  else s = '{…}';
  return s.length > TEXT_MAX ? `${s.slice(0, TEXT_MAX)}…` : s;
}

type ProblemInput = Omit<Problem, 'featureIndex' | 'featureId' | 'property' | 'params' | 'message'> &
  Partial<Pick<Problem, 'featureIndex' | 'featureId' | 'property' | 'params'>>;

export function problem(p: ProblemInput): Problem {
  const params = p.params ?? {};
  const featureId = p.featureId == null ? null : quoted(p.featureId);
  return {
    file: p.file,
    featureIndex: p.featureIndex ?? null,
    featureId,
    property: p.property ?? null,
    severity: p.severity,
    category: p.category,
    code: p.code,
    params,
    message: translate('zh', problemKey(p.code, params), params),
  };
}

/** The i18n key of a problem's message. */
export const problemKey = (code: string, params: TextParams): string =>
  typeof params.variant === 'string' ? `problem.${code}.${params.variant}` : `problem.${code}`;

/** A problem's message in a language (the CLI, reports). */
export const problemMessage = (lang: Lang, p: Pick<Problem, 'code' | 'params'>): string => translate(lang, problemKey(p.code, p.params), p.params);

/** A problem's message made by a translator (the app passes i18next's `t`, so the message follows the language switch). */
export const problemMessageWith = (t: Translator, p: Pick<Problem, 'code' | 'params'>): string => renderText(t, problemKey(p.code, p.params), p.params);

/** The problem with its message in `lang` (a report in English carries English messages). */
export const inLanguage = (lang: Lang, p: Problem): Problem => (lang === 'zh' ? p : { ...p, message: problemMessage(lang, p) });

/** One line for a terminal: `ERROR file feature #index (id) property: message`, in `lang`, with control characters escaped. */
export function formatProblem(p: Problem, lang: Lang = 'zh'): string {
  const where =
    p.featureIndex == null ? '' : translate(lang, p.featureId != null ? 'cli.featureWithId' : 'cli.feature', { index: p.featureIndex, id: p.featureId ?? '' });
  const line = translate(lang, 'cli.problemLine', {
    severity: translate(lang, `cli.severity.${p.severity}`),
    file: p.file,
    where,
    property: p.property ? ` ${p.property}` : '',
    message: problemMessage(lang, p),
  });
  return terminalText(line);
}

/**
 * Text from data made safe to print on a terminal: C0 and C1 control characters (ESC, BEL, CR, LF …), DEL, and the
 * Unicode bidirectional controls that reorder what a reader sees are written as \u{…} escapes, so no value can move
 * the cursor, colour the screen, start a new line or fake a line of its own.
 */
export function terminalText(s: string): string {
  return s.replace(TERMINAL_UNSAFE, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it escapes
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
