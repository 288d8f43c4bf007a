/**
 * The text of UTF-8 bytes, exactly as `new TextDecoder().decode(bytes.subarray(from, to))` gives it, for the per-feature
 * reading of a parcels file (featureScan.ts): some 100,000 short texts, one per feature.
 *
 * In Node, TextDecoder is fast and is used as it is. In Chromium's workers it is not: each call returns a string
 * Blink made outside V8's heap, and at 100k features those pile up until V8 collects them, so the worker keeps
 * touching fresh memory (docs/decisions.md#utf8-in-script). Decoded here in script, the strings are V8's own, young
 * and soon reused.
 *
 * `decodeUtf8` decodes a well-formed sequence (Unicode 15, table 3-7) itself; at the first byte that is not part of
 * one, and for a leading byte order mark (which TextDecoder drops), it hands the whole range to TextDecoder, so that
 * ill-formed input gets TextDecoder's replacement characters, byte for byte the same.
 */

const native = new TextDecoder();

/** Node's TextDecoder is its own fast UTF-8 code, with no such cost (see above). */
const NATIVE_IS_FAST = typeof process === 'object' && typeof process.versions?.node === 'string';

/** Code units made at most per String.fromCharCode call (its arguments are on the stack). */
const CHUNK = 8192;

/** UTF-16 code units of the text being decoded; grown as needed and kept (one per thread). */
let units = new Uint16Array(1 << 14);

/** The platform's TextDecoder on the range. */
const nativeText = (b: Uint8Array, from: number, to: number): string => native.decode(b.subarray(from, to));

/** `new TextDecoder().decode(b.subarray(from, to))`, made the way that is fastest where this runs. */
export function utf8Text(b: Uint8Array, from: number, to: number): string {
  return NATIVE_IS_FAST ? nativeText(b, from, to) : decodeUtf8(b, from, to);
}

/** `new TextDecoder().decode(b.subarray(from, to))`, decoded in script (see the top of this file). */
export function decodeUtf8(b: Uint8Array, from: number, to: number): string {
  if (to - from >= 3 && b[from] === 0xef && b[from + 1] === 0xbb && b[from + 2] === 0xbf) return nativeText(b, from, to);
  // each byte makes at most one code unit (four bytes make two)
  if (units.length < to - from) units = new Uint16Array(Math.max(to - from, units.length * 2));
  const u = units;
  let n = 0;
  let i = from;
  while (i < to) {
    const c = b[i] as number;
    if (c < 0x80) {
      u[n++] = c;
      i++;
      continue;
    }
    // the sequence's length after its first byte, and the range its second byte must be in
    let more: number;
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      more = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      more = 2;
      cp = c & 0x0f;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f; // not a surrogate
    } else if (c >= 0xf0 && c <= 0xf4) {
      more = 3;
      cp = c & 0x07;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f; // not above U+10FFFF
    } else return nativeText(b, from, to);
    if (i + more >= to) return nativeText(b, from, to);
    const second = b[i + 1] as number;
    if (second < lo || second > hi) return nativeText(b, from, to);
    cp = (cp << 6) | (second & 0x3f);
    for (let k = 2; k <= more; k++) {
      const next = b[i + k] as number;
      if ((next & 0xc0) !== 0x80) return nativeText(b, from, to);
      cp = (cp << 6) | (next & 0x3f);
    }
    i += more + 1;
    if (cp < 0x10000) u[n++] = cp;
    else {
      cp -= 0x10000;
      u[n++] = 0xd800 | (cp >> 10);
      u[n++] = 0xdc00 | (cp & 0x3ff);
    }
  }
  if (n <= CHUNK) return String.fromCharCode.apply(null, u.subarray(0, n) as unknown as number[]);
  let text = '';
  for (let k = 0; k < n; k += CHUNK) text += String.fromCharCode.apply(null, u.subarray(k, Math.min(n, k + CHUNK)) as unknown as number[]);
  return text;
}
