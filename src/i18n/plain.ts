import { type Lang, RESOURCES } from './resources';

/** Lookup of a dotted key with {{name}} interpolation, for code outside React (CLI, exports). */
export function translate(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = RESOURCES[lang];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}
