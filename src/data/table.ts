import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/universal';
import { type Problem, problem, quoted } from './problem';
import type { ImportFile } from './shapefile';
import { decoderOf, detectEncoding, type EncodingChoice, type ImportEncoding, replacementCount } from './textEncodings';

/**
 * A table to join to the parcels: a CSV (UTF-8 with or without a byte order mark, GBK as Excel saves "CSV (逗号分隔)"
 * in China, UTF-16 as it saves "Unicode 文本") or the first sheet of an .xlsx (read-excel-file). Old binary .xls files
 * (Excel 97–2003) are refused with a message that says to save them as .xlsx: no maintained reader of them is free of
 * known vulnerabilities (the registry's `xlsx` package is not used, see docs/import.md).
 *
 * Rows keep the number a spreadsheet shows them under (the header is row 1), so every problem names a row an officer can
 * find. A row with more or fewer cells than the header is not read (its values would land in the wrong columns).
 */
export type CellValue = string | number | boolean | null;

export interface Table {
  file: string;
  /** the header's titles, in order (an empty title is named by its column letter: "(D)"; a repeated one gets " (2)") */
  columns: string[];
  rows: TableRow[];
  /** how the text was decoded (CSV only) */
  encoding: EncodingChoice | null;
  /** the sheet read (XLSX only) and the others it has */
  sheet: string | null;
  sheets: string[];
  problems: Problem[];
}

export interface TableRow {
  /** the row's number as a spreadsheet shows it (the header's is 1 unless title rows come first) */
  row: number;
  values: CellValue[];
}

export interface TableOptions {
  encoding?: ImportEncoding | null;
  /** the sheet of an .xlsx to read (by name; default the first) */
  sheet?: string | null;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** The kind of a table file by its bytes (a name can lie: a report saved as "x.xls" is often HTML or CSV). */
export function tableKind(f: ImportFile): 'xlsx' | 'xls' | 'html' | 'csv' {
  if (startsWith(f.bytes, ZIP)) return 'xlsx';
  if (startsWith(f.bytes, OLE2)) return 'xls';
  const head = new TextDecoder().decode(f.bytes.subarray(0, 256)).trimStart().toLowerCase();
  if (head.startsWith('<')) return 'html';
  return 'csv';
}

export async function readTable(f: ImportFile, opts: TableOptions = {}): Promise<Table> {
  const problems: Problem[] = [];
  const empty = (encoding: EncodingChoice | null = null): Table => ({ file: f.name, columns: [], rows: [], encoding, sheet: null, sheets: [], problems });
  const kind = tableKind(f);
  if (kind === 'xls' || kind === 'html') {
    problems.push(problem({ file: f.name, severity: 'error', category: 'file', code: 'old-excel', params: { variant: kind } }));
    return empty();
  }
  if (kind === 'xlsx') return readXlsx(f, opts, problems);
  return readCsv(f, opts, problems);
}

/** The encoding of a CSV's bytes: a byte order mark, the user's choice, else UTF-8 when they decode as such, else GBK. */
function csvEncoding(bytes: Uint8Array, opts: TableOptions): { choice: EncodingChoice; decoder: string; skip: number } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { choice: { encoding: 'utf-8', from: 'bom' }, decoder: 'utf-8', skip: 3 };
  if (startsWith(bytes, [0xff, 0xfe])) return { choice: { encoding: 'utf-8', from: 'bom', stated: 'UTF-16LE' }, decoder: 'utf-16le', skip: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { choice: { encoding: 'utf-8', from: 'bom', stated: 'UTF-16BE' }, decoder: 'utf-16be', skip: 2 };
  if (opts.encoding) return { choice: { encoding: opts.encoding, from: 'option' }, decoder: opts.encoding, skip: 0 };
  const choice = detectEncoding([bytes]);
  return { choice, decoder: choice.encoding, skip: 0 };
}

function readCsv(f: ImportFile, opts: TableOptions, problems: Problem[]): Table {
  const { choice, decoder, skip } = csvEncoding(f.bytes, opts);
  const text =
    decoder === 'utf-16le' || decoder === 'utf-16be'
      ? new TextDecoder(decoder).decode(f.bytes.subarray(skip))
      : decoderOf(decoder as ImportEncoding)(f.bytes.subarray(skip));
  // (papaparse guesses the delimiter: a comma, a tab as in Excel's "Unicode 文本", a semicolon)
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  for (const e of parsed.errors.slice(0, 50))
    if (e.code !== 'UndetectableDelimiter')
      problems.push(
        problem({
          file: f.name,
          severity: 'error',
          category: 'file',
          code: 'csv-syntax',
          params: { variant: e.code === 'MissingQuotes' || e.code === 'InvalidQuotes' ? 'quotes' : 'other', row: (e.row ?? 0) + 1, detail: quoted(e.message) },
        }),
      );
  const lines = parsed.data.map((cells, i) => ({ row: i + 1, cells }));
  return tableOf(f.name, lines, choice, null, [], problems);
}

async function readXlsx(f: ImportFile, opts: TableOptions, problems: Problem[]): Promise<Table> {
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    const bytes = f.bytes;
    sheets = (await readXlsxFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)) as typeof sheets;
  } catch (e) {
    problems.push(problem({ file: f.name, severity: 'error', category: 'file', code: 'bad-xlsx', params: { detail: quoted((e as Error).message) } }));
    return { file: f.name, columns: [], rows: [], encoding: null, sheet: null, sheets: [], problems };
  }
  const names = sheets.map((s) => s.sheet);
  const chosen = opts.sheet ? sheets.find((s) => s.sheet === opts.sheet) : sheets[0];
  if (!chosen) {
    problems.push(
      problem({ file: f.name, severity: 'error', category: 'file', code: 'no-sheet', params: { sheet: quoted(opts.sheet ?? ''), sheets: names.join(', ') } }),
    );
    return { file: f.name, columns: [], rows: [], encoding: null, sheet: null, sheets: names, problems };
  }
  if (sheets.length > 1 && !opts.sheet)
    problems.push(
      problem({
        file: f.name,
        severity: 'warning',
        category: 'file',
        code: 'other-sheets',
        params: { sheet: quoted(chosen.sheet), others: names.slice(1).join(', ') },
      }),
    );
  const lines = chosen.data.map((cells, i) => ({ row: i + 1, cells: cells.map(cellOf) }));
  return tableOf(f.name, lines, null, chosen.sheet, names, problems);
}

/** A spreadsheet cell as a value: a date cell as its date (YYYY-MM-DD; read-excel-file gives it at UTC midnight). */
function cellOf(v: unknown): CellValue {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return null;
}

const isEmptyCell = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** How many of the first rows the header is looked for in: a title row or two ("2018年企业亩均效益统计表") may come first. */
const HEADER_SEARCH_ROWS = 10;
/**
 * The header is the first of those rows with at least this share of the most filled cells any of them has (and two,
 * if any has two): a title has one cell, a line such as "填报单位：… 单位：万元" two or three, the header most.
 */
const HEADER_SHARE = 0.6;

/** The column letters of a spreadsheet (A … Z, AA …) for a 0-based index. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The table of a sheet's rows: the header found as HEADER_SHARE says; rows after it with no value are skipped; a row of another width than the header is an error of that row.
 */
function tableOf(
  file: string,
  lines: { row: number; cells: CellValue[] }[],
  encoding: EncodingChoice | null,
  sheet: string | null,
  sheets: string[],
  problems: Problem[],
): Table {
  const filled = (cells: CellValue[]) => cells.filter((c) => !isEmptyCell(c)).length;
  const first = lines.slice(0, HEADER_SEARCH_ROWS).map((l) => filled(l.cells));
  const most = Math.max(0, ...first);
  const headerAt = first.findIndex((n) => n >= Math.max(1, Math.min(2, most), HEADER_SHARE * most));
  if (headerAt < 0) {
    problems.push(problem({ file, severity: 'error', category: 'file', code: 'empty-table' }));
    return { file, columns: [], rows: [], encoding, sheet, sheets, problems };
  }
  const header = (lines[headerAt] as (typeof lines)[0]).cells;
  // a CSV's trailing separators give empty titles at the end: the table's width ends at its last title
  let width = header.length;
  while (width > 0 && isEmptyCell(header[width - 1])) width--;
  const seen = new Map<string, number>();
  const columns = header.slice(0, width).map((c, i) => {
    const title = isEmptyCell(c) ? `(${columnLetter(i)})` : String(c).trim();
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    if (n > 1)
      problems.push(
        problem({ file, severity: 'warning', category: 'file', code: 'duplicate-column', params: { column: quoted(title), letter: columnLetter(i) } }),
      );
    return n > 1 ? `${title} (${n})` : title;
  });
  if (headerAt > 0)
    problems.push(problem({ file, severity: 'warning', category: 'file', code: 'header-row', params: { row: (lines[headerAt] as (typeof lines)[0]).row } }));
  const rows: TableRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (filled(line.cells) === 0) continue;
    // cells past the header's width that are empty are a writer's trailing separators, not values
    let n = line.cells.length;
    while (n > width && isEmptyCell(line.cells[n - 1])) n--;
    if (n !== width && !(n < width && encoding === null)) {
      problems.push(problem({ file, severity: 'error', category: 'file', code: 'ragged-row', params: { row: line.row, count: n, expected: width } }));
      continue;
    }
    const values = Array.from({ length: width }, (_, i) => {
      const v = line.cells[i];
      return isEmptyCell(v) ? null : typeof v === 'string' ? v.trim() : (v ?? null);
    });
    values.forEach((v, i) => {
      if (typeof v === 'string' && replacementCount(v) > 0)
        problems.push(
          problem({
            file,
            severity: 'warning',
            category: 'file',
            code: 'replacement-characters-row',
            property: columns[i] ?? null,
            params: { row: line.row, count: replacementCount(v), encoding: (encoding?.encoding ?? 'utf-8').toUpperCase() },
          }),
        );
    });
    rows.push({ row: line.row, values });
  }
  return { file, columns, rows, encoding, sheet, sheets, problems };
}
