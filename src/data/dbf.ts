/**
 * A dBASE table (a Shapefile's .dbf) read from its bytes: the header, the fields, each record's bytes. Text is
 * decoded when asked (`decode`), so the same table can be shown again in another encoding without reading it again
 * (the import's preview lets the user change it). Values are read as the dBASE III+ format says (the one ESRI's
 * Shapefile specification (1998) names): C text, N and F numbers written as text, D dates as YYYYMMDD, L logicals
 * (T/Y/F/N/?), blanks for a value not given; records marked deleted ('*') are left out.
 *
 * Why not parsedbf (shpjs's): it reads N blank as NaN, D as a Date at local midnight (a time zone away from the date
 * written), does not skip deleted records and throws on a table cut short; here a blank is null, a date stays the
 * date written, and a cut table keeps the records before the cut.
 */
export interface DbfField {
  /** the name's bytes (decoded with the table's encoding by `decodeName`) */
  nameBytes: Uint8Array;
  type: string;
  length: number;
  decimals: number;
}

export interface DbfTable {
  fields: DbfField[];
  /** each record's bytes, deleted records left out, with its record number in the file (0-based: the FID) */
  records: { fid: number; bytes: Uint8Array }[];
  /** the language driver id (byte 29 of the header) */
  languageDriver: number;
  /** records the header announces (more than read when the file is cut short) */
  announced: number;
  /** set when the file ends before the records the header announces: how many were read */
  truncatedAfter: number | null;
}

/** A value read from a record: text, a number, a date as YYYY-MM-DD text, true/false, or null (blank). */
export type DbfValue = string | number | boolean | null;

export type DbfFailure = { failure: 'too-short' | 'bad-header'; detail?: string };

const HEADER_BYTES = 32;
const FIELD_BYTES = 32;
const FIELD_END = 0x0d;

export function readDbf(bytes: Uint8Array): DbfTable | DbfFailure {
  if (bytes.length < HEADER_BYTES) return { failure: 'too-short' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const announced = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < HEADER_BYTES + 1 || recordLength < 1 || headerLength > bytes.length)
    return { failure: 'bad-header', detail: `header ${headerLength} B, record ${recordLength} B` };
  const fields: DbfField[] = [];
  let width = 1; // the deletion flag
  for (let at = HEADER_BYTES; at + FIELD_BYTES <= headerLength && bytes[at] !== FIELD_END; at += FIELD_BYTES) {
    const raw = bytes.subarray(at, at + 11);
    const nul = raw.indexOf(0);
    const field = {
      nameBytes: nul < 0 ? raw : raw.subarray(0, nul),
      type: String.fromCharCode(bytes[at + 11] as number),
      length: bytes[at + 16] as number,
      decimals: bytes[at + 17] as number,
    };
    fields.push(field);
    width += field.length;
  }
  if (fields.length === 0 || width > recordLength) return { failure: 'bad-header', detail: `${fields.length} fields, ${width} B of ${recordLength}` };
  const records: DbfTable['records'] = [];
  let truncatedAfter: number | null = null;
  for (let i = 0; i < announced; i++) {
    const start = headerLength + i * recordLength;
    if (start + recordLength > bytes.length) {
      truncatedAfter = i;
      break;
    }
    // 0x2A '*': deleted; 0x1A: the end-of-file mark where a writer announced more than it wrote
    const flag = bytes[start];
    if (flag === 0x1a) {
      truncatedAfter = i;
      break;
    }
    if (flag === 0x2a) continue;
    records.push({ fid: i, bytes: bytes.subarray(start, start + recordLength) });
  }
  return { fields, records, languageDriver: bytes[29] as number, announced, truncatedAfter };
}

/** A field's value in a record, text decoded by `decode`; a value that does not read as its type is returned as `{ bad }`. */
export function fieldValue(record: Uint8Array, offset: number, field: DbfField, decode: (b: Uint8Array) => string): DbfValue | { bad: string } {
  const raw = record.subarray(offset, offset + field.length);
  switch (field.type) {
    case 'N':
    case 'F': {
      const text = ascii(raw).trim();
      // blanks, or asterisks where a writer had no room (dBASE's overflow mark), are no value
      if (text === '' || /^\*+$/.test(text)) return null;
      const n = Number(text);
      return Number.isFinite(n) && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? n : { bad: text };
    }
    case 'D': {
      const text = ascii(raw).trim();
      if (text === '' || /^0+$/.test(text)) return null;
      const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
      return m ? `${m[1]}-${m[2]}-${m[3]}` : { bad: text };
    }
    case 'L': {
      const c = ascii(raw).trim().toUpperCase();
      if (c === '' || c === '?') return null;
      if ('TY'.includes(c)) return true;
      if ('FN'.includes(c)) return false;
      return { bad: c };
    }
    default: {
      // C and every other type read as text: trailing blanks and NULs are padding
      // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is dBASE's padding
      const text = decode(raw).replace(/[\s\u0000]+$/u, '');
      const trimmed = text.replace(/^\s+/u, '');
      return trimmed === '' ? null : trimmed;
    }
  }
}

function ascii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

/** Each field's byte offset in a record (after the deletion flag). */
export function fieldOffsets(fields: readonly DbfField[]): number[] {
  const out: number[] = [];
  let at = 1;
  for (const f of fields) {
    out.push(at);
    at += f.length;
  }
  return out;
}
