/**
 * The text encodings of imported files (a Shapefile's .dbf, a CSV table) and how each is told. Chinese cadastral data
 * come in GBK (Windows' code page 936, the default of Chinese ArcGIS and Excel) as often as in UTF-8; TextDecoder
 * reads both in browsers and Node (its 'gbk' is the GB18030 decoder, a superset). How the encoding is found, in order:
 *  - the user's choice (the preview's select, the CLI's --encoding);
 *  - a .cpg beside the .dbf: "UTF-8", "GBK", "936", "ANSI 936", "CP936", "GB2312", "GB18030" …;
 *  - the .dbf's language driver byte (header byte 29): 0x4D and 0x7A are code page 936;
 *  - the bytes: UTF-8 when all of them decode as UTF-8, else GBK (the stated fallback: most Chinese tables that are
 *    not UTF-8 are GBK). Text of ASCII only reads the same in every one of these.
 */
export const IMPORT_ENCODINGS = ['utf-8', 'gbk', 'big5', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** How an encoding was found (`encodingFrom.<from>` in src/i18n). */
export type EncodingSource = 'option' | 'cpg' | 'language-driver' | 'bom' | 'detected' | 'fallback' | 'ascii';

export interface EncodingChoice {
  encoding: ImportEncoding;
  from: EncodingSource;
  /** what the .cpg or the language byte said, as it was written */
  stated?: string;
}

/** An encoding's name as the user may write it (the CLI's --encoding, a .cpg's text), or null when it is none of ours. */
export function encodingOfName(name: string): ImportEncoding | null {
  const n = name
    .trim()
    .toUpperCase()
    .replace(/^(ANSI|CP|WINDOWS)[\s_-]*/, '')
    .replace(/[\s_-]/g, '');
  if (n === 'UTF8' || n === '65001') return 'utf-8';
  if (['GBK', '936', 'GB2312', 'GB18030', '54936', 'EUCCN', 'CHINESE'].includes(n)) return 'gbk';
  if (n === 'BIG5' || n === '950') return 'big5';
  if (n === '1252' || n === 'LATIN1' || n === 'ISO88591' || n === '88591') return 'windows-1252';
  return null;
}

/**
 * The encoding a dBASE language driver id names, for the ones whose code page is certain: 0x4D and 0x7A (936,
 * simplified Chinese GBK), 0x4F (950, Big5), 0x03 and 0x58 (1252). 0x57 ("ANSI": the writer's own code page) and 0
 * say nothing.
 */
export function encodingOfLanguageDriver(ldid: number): ImportEncoding | null {
  if (ldid === 0x4d || ldid === 0x7a) return 'gbk';
  if (ldid === 0x4f) return 'big5';
  if (ldid === 0x03 || ldid === 0x58) return 'windows-1252';
  return null;
}

/** Whether every byte string is ASCII. */
function allAscii(samples: readonly Uint8Array[]): boolean {
  for (const s of samples) for (let i = 0; i < s.length; i++) if ((s[i] as number) > 0x7f) return false;
  return true;
}

/** The encoding told from the bytes themselves: see the top of this file. */
export function detectEncoding(samples: readonly Uint8Array[]): EncodingChoice {
  if (allAscii(samples)) return { encoding: 'utf-8', from: 'ascii' };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const s of samples) utf8.decode(s);
    return { encoding: 'utf-8', from: 'detected' };
  } catch {
    return { encoding: 'gbk', from: 'fallback' };
  }
}

/** A decoder of byte strings in an encoding (a NUL ends nothing: dBASE pads with blanks or NULs, trimmed by the reader). */
export function decoderOf(encoding: ImportEncoding): (b: Uint8Array) => string {
  const d = new TextDecoder(encoding);
  return (b) => d.decode(b);
}

/** How many U+FFFD a text holds: bytes the encoding could not read. */
export function replacementCount(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}
