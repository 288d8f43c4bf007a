import type { TextParams } from '../i18n/plain';
import { quoted } from './problem';

/**
 * The parameters of a 'not-json' problem from JSON.parse's error: what went wrong, as one of the kinds V8 names
 * (message `jsonError.<kind>`), and where (a character position, when V8 gives one). V8's own sentence is English
 * and quotes the input; it is kept only for a kind not known here.
 */
export function notJsonParams(e: unknown): TextParams {
  const message = e instanceof Error ? e.message : String(e);
  if (/^Unexpected end of JSON input/.test(message)) return { variant: 'end' };
  const token = /^Unexpected token '(.*?)', /s.exec(message);
  if (token) return { variant: 'token', token: visible(token[1] as string) };
  const kind = KINDS.find(([re]) => re.test(message))?.[1];
  const position = /at position (\d+)/.exec(message)?.[1];
  if (kind && position !== undefined) return { variant: 'at', what: { key: `jsonError.${kind}` }, position: Number(position) };
  if (kind) return { variant: 'kind', what: { key: `jsonError.${kind}` } };
  return { variant: 'other', detail: quoted(message) };
}

const KINDS: [RegExp, string][] = [
  [/^Expected (double-quoted property name|property name or '}')/, 'property-name'],
  [/^Expected ':' after property name/, 'colon'],
  [/^Expected ',' or '[\]}]' after/, 'comma'],
  [/^Unexpected non-whitespace character after JSON/, 'after'],
  [/^Bad control character in string literal/, 'control'],
  [/^Bad (escaped character|Unicode escape)/, 'escape'],
  [/^Unterminated string/, 'unterminated'],
  [/^(Exponent part is missing a number|No number after minus sign|Unterminated fractional number)/, 'number'],
];

/** A character as it can be read in a message: control characters as U+XXXX. */
function visible(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code < 0xa0) || c.trim() === '' ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : quoted(c);
}
