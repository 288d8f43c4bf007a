/**
 * One CSV cell made safe for spreadsheets (OWASP "CSV Injection"): a text that Excel, WPS or LibreOffice would read as
 * a formula (starting with = + - @, a tab or a carriage return, or their full-width forms) gets a leading apostrophe,
 * so it shows as the text it is. Numbers are left as numbers. Every CSV the project writes passes its cells here.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseCsvCell(value: string | number | null | undefined): string | number {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A code (parcel id, land-use or industry code) that Excel must keep as text: all digits, it would lose its leading
 * zeros ("0601" → 601), so it is written as the text formula ="0601". Only digits go inside the quotes, so nothing
 * from the data becomes a formula; any other code is an ordinary neutralised cell.
 */
export function csvCodeCell(value: string | null | undefined): string | number {
  if (value == null || value === '') return '';
  return /^\d+$/.test(value) ? `="${value}"` : neutraliseCsvCell(value);
}
