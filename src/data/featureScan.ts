/**
 * The elements of a FeatureCollection's "features" array, found in the file's UTF-8 bytes without building the
 * whole tree, so that each feature is parsed, checked and analysed on its own and its objects die young.
 *
 * Why not JSON.parse of the whole text: it keeps every feature of the file alive as objects at once, which every
 * later garbage collection walks, and decoding the file first holds it a second time as a string (the CLI's peak
 * memory, `npm run bench` (b), is what this changed). A streaming tokenizer (stream-json, @streamparser/json) re-implements
 * JSON parsing in JavaScript and is slower than JSON.parse itself; here only brackets, commas and string
 * quotes are looked at (in a feature, only braces and quotes: see objectEnd), and every value is still parsed by
 * JSON.parse, which gives the error messages.
 *
 * The scanner is deliberately strict about the layout it accepts: a root object with exactly one "features" array.
 * For anything else it returns null and the caller parses the whole text as before, so every odd file (a bare
 * Feature, a geometry, broken JSON, duplicate "features" members) keeps JSON.parse's behaviour and message.
 */
export interface ScannedCollection {
  /** The root's members other than "features", each parsed. */
  root: Record<string, unknown>;
  /** Number of elements of the "features" array. */
  count: number;
  /** Parses element i; throws JSON.parse's SyntaxError when that element alone is not valid JSON. */
  element(i: number): unknown;
  /**
   * Elements [from, to) as a copy of their bytes, to be read elsewhere (a worker thread) by `sliceElements`; copied
   * into `into` when it is large enough (a buffer used again: fresh memory is slow to touch on small machines).
   */
  slice(from: number, to: number, into?: Uint8Array): ElementSlice;
}

/** Some consecutive elements of a scanned collection: their bytes, and where each starts and ends in them. */
export interface ElementSlice {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

/** The elements of a slice, parsed one by one as `ScannedCollection.element` does. */
export function sliceElements(s: ElementSlice): { count: number; get(i: number): unknown } {
  const decoder = new TextDecoder();
  return { count: s.starts.length, get: (k) => JSON.parse(decoder.decode(s.bytes.subarray(s.starts[k], s.ends[k]))) };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Index just past the closing quote of the string opening at `start`, or -1. */
function stringEnd(b: Uint8Array, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, i);
    if (q < 0) return -1;
    // a quote preceded by an odd number of backslashes is escaped
    let k = q - 1;
    while (b[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index just past the value starting at `start` (after whitespace), or -1 when the brackets do not balance. */
function valueEnd(b: Uint8Array, start: number): number {
  const first = b[start];
  if (first === QUOTE) return stringEnd(b, start);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // a number, true, false or null: up to the next delimiter
    let i = start;
    while (i < b.length) {
      const c = b[i] as number;
      if (c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT || isSpace(c)) break;
      i++;
    }
    return i > start ? i : -1;
  }
  let depth = 0;
  for (let i = start, n = b.length; i < n; i++) {
    const c = b[i] as number;
    if (c === QUOTE) {
      const e = stringEnd(b, i);
      if (e < 0) return -1;
      i = e - 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** `b.indexOf(byte, from)`, with "not found" as the length (past every index). */
function next(b: Uint8Array, byte: number, from: number): number {
  const k = b.indexOf(byte, from);
  return k < 0 ? b.length : k;
}

/**
 * Index just past the object starting at `start` (an opening brace), or -1. Only braces outside strings are counted.
 * Most of a feature's bytes are its coordinates: digits, commas and square brackets, with no quote or brace in them.
 * At an opening square bracket the scan jumps, by `indexOf` (native), to the next quote or brace rather than looking
 * at every byte of the numbers. Square brackets that do not balance inside the object are left to JSON.parse of
 * that one element, which reports it as that feature's error.
 */
function objectEnd(b: Uint8Array, start: number): number {
  const n = b.length;
  let depth = 0;
  for (let i = start; i < n; i++) {
    const c = b[i];
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const d = b[i];
        if (d === QUOTE) break;
        if (d === BACKSLASH) i++;
      }
    } else if (c === OPEN_OBJECT) depth++;
    else if (c === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === OPEN_ARRAY) {
      i = Math.min(next(b, QUOTE, i), next(b, OPEN_OBJECT, i), next(b, CLOSE_OBJECT, i)) - 1;
    }
  }
  return -1;
}

export function scanFeatureCollection(bytes: Uint8Array): ScannedCollection | null {
  const decoder = new TextDecoder();
  const text = (s: number, e: number) => decoder.decode(bytes.subarray(s, e));
  const n = bytes.length;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const ws = () => {
    while (i < n && isSpace(bytes[i] as number)) i++;
  };
  /** After an array element or object member: 'next' past a comma, 'end' past the closer, null for anything else. */
  const after = (closer: number): 'next' | 'end' | null => {
    ws();
    const c = bytes[i];
    if (c !== COMMA && c !== closer) return null;
    i++;
    return c === COMMA ? 'next' : 'end';
  };
  ws();
  if (bytes[i] !== OPEN_OBJECT) return null;
  i++;
  const root: Record<string, unknown> = {};
  let starts: number[] | null = null;
  let ends: number[] = [];
  ws();
  if (bytes[i] === CLOSE_OBJECT) return null;
  for (;;) {
    ws();
    if (bytes[i] !== QUOTE) return null;
    const keyEnd = stringEnd(bytes, i);
    if (keyEnd < 0) return null;
    let key: string;
    try {
      key = JSON.parse(text(i, keyEnd)) as string;
    } catch {
      return null;
    }
    i = keyEnd;
    ws();
    if (bytes[i] !== COLON) return null;
    i++;
    ws();
    if (key === 'features') {
      if (starts !== null || bytes[i] !== OPEN_ARRAY) return null;
      starts = [];
      ends = [];
      i++;
      ws();
      if (bytes[i] === CLOSE_ARRAY) i++;
      else {
        for (;;) {
          ws();
          const end = bytes[i] === OPEN_OBJECT ? objectEnd(bytes, i) : valueEnd(bytes, i);
          if (end < 0) return null;
          starts.push(i);
          ends.push(end);
          i = end;
          const next = after(CLOSE_ARRAY);
          if (next === null) return null;
          if (next === 'end') break;
        }
      }
    } else {
      const end = valueEnd(bytes, i);
      // a repeated member, or one JSON.parse would keep as an own "__proto__", is left to JSON.parse
      if (end < 0 || key in root || key === '__proto__') return null;
      try {
        root[key] = JSON.parse(text(i, end));
      } catch {
        return null;
      }
      i = end;
    }
    const next = after(CLOSE_OBJECT);
    if (next === null) return null;
    if (next === 'end') break;
  }
  ws();
  if (i !== n || starts === null) return null;
  const s = starts;
  return {
    root,
    count: s.length,
    element: (k) => JSON.parse(text(s[k] as number, ends[k] as number)),
    slice(from, to, into) {
      const base = s[from] ?? 0;
      const end = to > from ? (ends[to - 1] as number) : base;
      const rel = (xs: number[]) => Int32Array.from(xs.slice(from, to), (x) => x - base);
      const part = bytes.subarray(base, end);
      // a copy, not Node's Buffer#subarray: a view of the file would detach it when transferred
      // (with room to spare, so that it can carry the next parts, which differ in size)
      const copy = (into && into.length >= part.length ? into : new Uint8Array(Math.ceil(part.length * 1.5))).subarray(0, part.length);
      copy.set(part);
      return { bytes: copy, starts: rel(s), ends: rel(ends) };
    },
  };
}
