import { type Lang, RESOURCES } from './resources';

/**
 * A text to be rendered in the reader's language: an i18n key and its parameters. A parameter may itself be a text
 * (the part of a polygon a problem is in, the rule a value breaks), rendered in the same language first; so a
 * message can be stored as data (problems cross threads and files as JSON) and rendered where it is shown.
 */
export interface TextRef {
  key: string;
  params?: TextParams;
}
export type TextParams = { readonly [name: string]: string | number | TextRef };

/** A translator of one key with flat parameters: `translate` bound to a language, or i18next's `t`. */
export type Translator = (key: string, params: Record<string, string | number>) => string;

/** Lookup of a dotted key with {{name}} interpolation, for code outside React (CLI, exports); nested texts rendered first. */
export function translate(lang: Lang, key: string, params: TextParams = {}): string {
  return renderText((k, p) => lookup(lang, k, p), key, params);
}

/** A key rendered by `t` with its parameters, texts among them rendered first (by the same `t`). */
export function renderText(t: Translator, key: string, params: TextParams = {}): string {
  const flat: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) flat[name] = typeof v === 'object' ? renderText(t, v.key, v.params) : v;
  return t(key, flat);
}

function lookup(lang: Lang, key: string, params: Record<string, string | number>): string {
  let node: unknown = RESOURCES[lang];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}
