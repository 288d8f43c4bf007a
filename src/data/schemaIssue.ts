import type * as z from 'zod';
import { RULE_REFERENCE_KINDS } from '../domain/rules';
import type { TextParams, TextRef } from '../i18n/plain';
import { quoted } from './problem';

/**
 * A zod issue as a text of src/i18n (`schemaIssue.<kind>`): the member it is about and what it must be, in the
 * reader's language. Refinements of ours name their kind in their message (`{ error: 'date' }`) and put their values
 * in `params`; zod's own English sentence is kept only for an issue of a kind not known here.
 */
export function schemaIssue(issue: z.core.$ZodIssue, within = ''): TextRef {
  const path = [within, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  const at: TextRef = path ? { key: 'schemaIssue.member', params: { path: quoted(path) } } : { key: 'schemaIssue.root' };
  const text = (kind: string, params: TextParams = {}): TextRef => ({ key: `schemaIssue.${kind}`, params: { at, ...params } });
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? text('integer') : text('type', { expected: valueType(issue.expected) });
    case 'invalid_union': {
      const expected = [...new Set(issue.errors.flatMap((e) => e.filter((x) => x.code === 'invalid_type').map((x) => (x as { expected: string }).expected)))];
      const [a, b] = expected;
      if (a === undefined) return text('format');
      return text('type', { expected: b === undefined ? valueType(a) : { key: 'valueType.either', params: { a: valueType(a), b: valueType(b) } } });
    }
    case 'too_small':
      if (issue.origin === 'string') return text('empty');
      if (issue.origin === 'array') return text(issue.exact ? 'length' : 'too-few', { minimum: Number(issue.minimum), count: Number(issue.minimum) });
      return text(issue.inclusive === false ? 'above' : 'small', { minimum: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'array') return text(issue.exact ? 'length' : 'too-many', { maximum: Number(issue.maximum), count: Number(issue.maximum) });
      return text(issue.inclusive === false ? 'below' : 'big', { maximum: Number(issue.maximum) });
    case 'invalid_value':
      return text('one-of', { values: issue.values.map((v) => JSON.stringify(v)).join(', ') });
    case 'invalid_format':
      return text('format');
    case 'unrecognized_keys':
      return text('unknown-keys', { keys: issue.keys.map((k) => quoted(k)).join(', ') });
    case 'custom':
      if (OWN_KINDS.has(issue.message)) return text(issue.message, (issue.params ?? {}) as TextParams);
      return text('other', { text: quoted(issue.message) });
    default:
      return text('other', { text: quoted(issue.message) });
  }
}

/** Refinements of ours whose message names their kind (texts `schemaIssue.<kind>`). */
const OWN_KINDS = new Set<string>(['date', 'central-meridian', 'epsg', 'unique', 'bounds-order', 'stop-needs', ...RULE_REFERENCE_KINDS]);

const TYPES = new Set(['string', 'number', 'boolean', 'object', 'array']);
const valueType = (t: string): TextRef => (TYPES.has(t) ? { key: `valueType.${t}` } : { key: 'valueType.other', params: { type: t } });
