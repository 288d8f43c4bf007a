/**
 * The text encoding of an input file. GeoJSON is UTF-8 (RFC 8259 §8.1); a file saved as UTF-16 (Windows'
 * "Unicode") is recognised by its byte order mark, or without one by NUL bytes beside the ASCII of its first
 * characters, and read as such with a warning. Other encodings (GBK) cannot be told from their bytes with certainty:
 * they read as UTF-8 with replacement characters, which the reader counts and reports (geojson.ts).
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export function sniffEncoding(head: Uint8Array): TextEncoding {
  const [a, b] = head;
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (head.length >= 2 && a !== 0 && b === 0) return 'utf-16le';
  if (head.length >= 2 && a === 0 && b !== 0) return 'utf-16be';
  return 'utf-8';
}

/** The name of an encoding in messages. */
export const ENCODING_NAMES: Record<TextEncoding, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE' };

/** Text of bytes in any of the encodings above (a byte order mark dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(sniffEncoding(bytes.subarray(0, 2))).decode(bytes);
}

/** The bytes as UTF-8, with the encoding they were in: UTF-16 is decoded and encoded again, UTF-8 kept as it is. */
export function asUtf8(bytes: Uint8Array): { bytes: Uint8Array; encoding: TextEncoding } {
  const encoding = sniffEncoding(bytes.subarray(0, 2));
  return encoding === 'utf-8' ? { bytes, encoding } : { bytes: new TextEncoder().encode(new TextDecoder(encoding).decode(bytes)), encoding };
}
