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
 * Feature, a geometry, broken JSON before the features, duplicate "features" members) keeps JSON.parse's behaviour
 * and message. Broken JSON after the features array has begun (a file cut short) is the exception: the features
 * before the damage are kept, and the damage is said (`damage`).
 */
import { utf8Text } from './utf8';

export interface ScannedCollection {
  /** The root's members other than "features", each parsed (those before the damage, in a damaged file). */
  root: Record<string, unknown>;
  /** Where the file stops being a FeatureCollection, if it does: the elements are those before it. */
  damage: ScanDamage | null;
  /** Number of elements of the "features" array. */
  count: number;
  /** Parses element i; throws JSON.parse's SyntaxError when that element alone is not valid JSON. */
  element(i: number): unknown;
  /**
   * A parser of elements [from, to), as `element`, reading their bytes at once when the file is read from a source
   * (into a buffer the next call takes over: then this parser throws).
   */
  elements(from: number, to: number): (i: number) => unknown;
  /**
   * Elements [from, to) as a copy of their bytes, to be read elsewhere (a worker thread) by `sliceElements`; copied
   * into `into` when it is large enough (a buffer used again: fresh memory is slow to touch on small machines).
   */
  slice(from: number, to: number, into?: Uint8Array): ElementSlice;
}

/**
 * Where a FeatureCollection's bytes stop being one after its features array has begun: 'truncated' when they end
 * too soon, 'syntax' when they break the layout; `offset` is the byte, `index` the number of elements before it.
 */
export interface ScanDamage {
  kind: 'truncated' | 'syntax';
  offset: number;
  index: number;
}

/** Some consecutive elements of a scanned collection: their bytes, and where each starts and ends in them. */
export interface ElementSlice {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

/** The elements of a slice, parsed one by one as `ScannedCollection.element` does. */
export function sliceElements(s: ElementSlice): { count: number; get(i: number): unknown } {
  return { count: s.starts.length, get: (k) => JSON.parse(utf8Text(s.bytes, s.starts[k] as number, s.ends[k] as number)) };
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
  // the next quote, opening and closing brace at or after the last jump: a cached one is still the next while it is
  // ahead, so each is searched for once per occurrence (three searches from every bracket were quadratic in a file
  // of deeply nested arrays, whose closing braces are all at its end)
  let quote = -1;
  let open = -1;
  let close = -1;
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
      if (quote < i) quote = next(b, QUOTE, i);
      if (open < i) open = next(b, OPEN_OBJECT, i);
      if (close < i) close = next(b, CLOSE_OBJECT, i);
      i = Math.min(quote, open, close) - 1;
    }
  }
  return -1;
}

/**
 * A file read in pieces rather than whole: its size, and reads at a position. The CLI's reads a file descriptor, so
 * a parcels file is never held whole in memory: it is scanned through a window, and each feature or part is read
 * again when it is wanted (from the page cache).
 */
export interface ByteSource {
  size: number;
  /** Reads bytes at `position` into `into`, up to its length; returns how many were read (0 past the end). */
  readAt(into: Uint8Array, position: number): number;
}

/** Every byte of a source, at once (for what is parsed whole: small layers, or a file the scanner does not take). */
export function readAll(src: ByteSource): Uint8Array {
  const out = new Uint8Array(src.size);
  for (let at = 0; at < out.length; ) {
    const k = src.readAt(out.subarray(at), at);
    if (k <= 0) return out.subarray(0, at);
    at += k;
  }
  return out;
}

/** The bytes the scan is looking at: b[0, n) are the file's bytes from `base`; `done` when they run to its end. */
interface ScanWindow {
  b: Uint8Array;
  base: number;
  n: number;
  done: boolean;
}

/** How much of a source the scan reads at a time (grown when one value is larger). */
export const SCAN_WINDOW_BYTES = 4 << 20;

/** A window over a source: `more(keep)` keeps the bytes from absolute offset `keep` on and reads what follows. */
function sourceWindow(src: ByteSource, windowBytes: number): { w: ScanWindow; more: (keep: number) => void } {
  const w: ScanWindow = { b: new Uint8Array(Math.max(16, Math.min(windowBytes, src.size))), base: 0, n: 0, done: src.size === 0 };
  const more = (keep: number) => {
    const from = keep - w.base;
    const kept = w.n - from;
    // a value as large as half the window: a larger window, so that reading on makes progress
    if (kept * 2 > w.b.length) {
      const larger = new Uint8Array(w.b.length * 2);
      larger.set(w.b.subarray(from, w.n));
      w.b = larger;
    } else w.b.copyWithin(0, from, w.n);
    w.base = keep;
    w.n = kept;
    while (w.n < w.b.length && w.base + w.n < src.size) {
      const k = src.readAt(w.b.subarray(w.n), w.base + w.n);
      if (k <= 0) break;
      w.n += k;
    }
    w.done = w.base + w.n >= src.size || w.n < w.b.length;
  };
  more(0);
  return { w, more };
}

/**
 * The scan: the root's members and where each element of "features" starts and ends (absolute offsets), or null
 * when the layout is not the one accepted (see the top of this file). Once the features array has begun, a file
 * that ends too soon or breaks the layout is not left to JSON.parse (which would lose every feature): the elements
 * before the damage are returned with where it is. It goes unit by unit (the root's opening, a
 * member's key, a member's value, an element); a unit that fails or reaches the end of the window before the file's
 * end is read again from its start after `more` has read on, so the result is that of a scan of the whole file.
 */
function scanWindow(w: ScanWindow, more: (keep: number) => void): RawScan | null {
  const decoder = new TextDecoder();
  // a view of the window's bytes: past its end, bytes read as undefined (not as what the buffer held before)
  let b = w.b.subarray(0, w.n);
  let i = 0;
  const text = (s: number, e: number) => decoder.decode(b.subarray(s, e));
  const ws = () => {
    while (i < b.length && isSpace(b[i] as number)) i++;
  };
  /** After an array element or object member: 'next' past a comma, 'end' past the closer, null for anything else. */
  const after = (closer: number): 'next' | 'end' | null => {
    ws();
    const c = b[i];
    if (c !== COMMA && c !== closer) return null;
    i++;
    return c === COMMA ? 'next' : 'end';
  };
  const readOn = (keep: number) => {
    more(keep);
    b = w.b.subarray(0, w.n);
    i = 0;
  };
  /**
   * Runs `step` from the current position; a step that fails, or ends at the window's end, is run again from the
   * same place on more bytes. Steps have no effect but on `i`: what they found is returned.
   */
  const unit = <T>(step: () => T | null): T | null => {
    for (;;) {
      const at = i;
      const r = step();
      if ((r !== null && i < b.length) || w.done) return r;
      readOn(w.base + at);
    }
  };
  const root: Record<string, unknown> = {};
  let starts: number[] | null = null;
  const ends: number[] = [];
  /**
   * Where a unit that failed for good (at the file's end) stopped, and whether at the end of the bytes: once the
   * features array has begun, a failure is damage (a file cut short, or broken JSON after some features), and the
   * features before it are kept.
   */
  let stoppedAt = 0;
  const stop = () => {
    stoppedAt = w.base + i;
    return null;
  };
  const damaged = (): RawScan | null => {
    if (starts === null) return null;
    const kind = stoppedAt >= w.base + b.length ? 'truncated' : 'syntax';
    return { root, starts, ends, damage: { kind, offset: Math.min(stoppedAt, w.base + b.length), index: starts.length } };
  };
  const opened = unit(() => {
    if (w.base === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    ws();
    if (b[i] !== OPEN_OBJECT) return null;
    i++;
    ws();
    return b[i] === CLOSE_OBJECT ? null : true;
  });
  if (!opened) return null;
  for (;;) {
    const key = unit(() => {
      ws();
      if (b[i] !== QUOTE) return stop();
      const keyEnd = stringEnd(b, i);
      if (keyEnd < 0) return stop();
      let k: string;
      try {
        k = JSON.parse(text(i, keyEnd)) as string;
      } catch {
        return stop();
      }
      i = keyEnd;
      ws();
      if (b[i] !== COLON) return stop();
      i++;
      ws();
      return { k };
    });
    if (!key) return damaged();
    let closed: 'next' | 'end' | null;
    if (key.k === 'features') {
      if (starts !== null) return null;
      const list: number[] = [];
      let isArray = false;
      let state = unit(() => {
        isArray = b[i] === OPEN_ARRAY;
        if (!isArray) return null;
        i++;
        ws();
        if (b[i] !== CLOSE_ARRAY) return 'element' as const;
        i++;
        return after(CLOSE_OBJECT) ?? stop();
      });
      if (!isArray) return null; // "features" is not an array: left to JSON.parse
      starts = list;
      while (state === 'element') {
        // an element found whole but not followed by a comma or the array's end is kept (the damage is after it)
        let whole: { start: number; end: number } | null = null;
        const e = unit(() => {
          whole = null;
          ws();
          const start = i;
          const end = b[i] === OPEN_OBJECT ? objectEnd(b, i) : valueEnd(b, i);
          if (end < 0) {
            // an object, array or string that does not end ran to the end of the bytes
            if (b[start] === OPEN_OBJECT || b[start] === OPEN_ARRAY || b[start] === QUOTE) i = b.length;
            return stop();
          }
          whole = { start: w.base + start, end: w.base + end };
          i = end;
          const next = after(CLOSE_ARRAY);
          if (next === null) return stop();
          const state = next === 'next' ? ('element' as const) : after(CLOSE_OBJECT);
          return state === null ? stop() : { start: w.base + start, end: w.base + end, state };
        });
        const kept = e ?? (whole as { start: number; end: number } | null);
        if (kept) {
          list.push(kept.start);
          ends.push(kept.end);
        }
        if (!e) return damaged();
        state = e.state;
      }
      closed = state;
    } else {
      if (key.k in root || key.k === '__proto__') return null;
      const member = unit(() => {
        const end = valueEnd(b, i);
        if (end < 0) {
          if (b[i] === OPEN_OBJECT || b[i] === OPEN_ARRAY || b[i] === QUOTE) i = b.length;
          return stop();
        }
        let value: unknown;
        try {
          value = JSON.parse(text(i, end));
        } catch {
          return stop();
        }
        i = end;
        const next = after(CLOSE_OBJECT);
        return next === null ? stop() : { value, next };
      });
      if (!member) return damaged();
      root[key.k] = member.value;
      closed = member.next;
    }
    if (closed === null) return damaged();
    if (closed === 'end') break;
  }
  // nothing but white space after the root
  for (;;) {
    ws();
    if (i < b.length) {
      stop();
      return damaged();
    }
    if (w.done) break;
    readOn(w.base + i);
  }
  return starts === null ? null : { root, starts, ends, damage: null };
}

/** What a scan found (absolute offsets). */
interface RawScan {
  root: Record<string, unknown>;
  starts: number[];
  ends: number[];
  damage: ScanDamage | null;
}

export function scanFeatureCollection(bytes: Uint8Array): ScannedCollection | null {
  const scan = scanWindow({ b: bytes, base: 0, n: bytes.length, done: true }, () => {});
  if (!scan) return null;
  const { root, starts: s, ends, damage } = scan;
  const element = (k: number) => JSON.parse(utf8Text(bytes, s[k] as number, ends[k] as number));
  return {
    root,
    damage,
    count: s.length,
    element,
    elements: () => element,
    slice(from, to, into) {
      const { base, length, rel } = sliceSpan(s, ends, from, to);
      const part = bytes.subarray(base, base + length);
      // a copy, not Node's Buffer#subarray: a view of the file would detach it when transferred
      const copy = carrier(into, length);
      copy.set(part);
      return { bytes: copy, starts: rel(s), ends: rel(ends) };
    },
  };
}

/**
 * A FeatureCollection scanned from a source through a window of `windowBytes`, its elements read again from the
 * source when they are wanted: the file is never held whole. The same result as scanFeatureCollection of its bytes.
 */
export function scanFeatureCollectionSource(src: ByteSource, windowBytes = SCAN_WINDOW_BYTES): ScannedCollection | null {
  const { w, more } = sourceWindow(src, windowBytes);
  const scan = scanWindow(w, more);
  if (!scan) return null;
  const { root, starts: s, ends, damage } = scan;
  const read = (into: Uint8Array, position: number) => {
    for (let at = 0; at < into.length; ) {
      const k = src.readAt(into.subarray(at), position + at);
      if (k <= 0) throw new Error(`the file ended at byte ${position + at} while its features were read (was it changed meanwhile?)`);
      at += k;
    }
    return into;
  };
  const slice = (from: number, to: number, into?: Uint8Array): ElementSlice => {
    const { base, length, rel } = sliceSpan(s, ends, from, to);
    return { bytes: read(carrier(into, length), base), starts: rel(s), ends: rel(ends) };
  };
  /** the buffer of the part read last by `elements`, used again for the next (parts are read once, in turn) */
  let scratch: Uint8Array | undefined;
  let reads = 0;
  return {
    root,
    damage,
    count: s.length,
    element: (k) => {
      const bytes = read(new Uint8Array((ends[k] as number) - (s[k] as number)), s[k] as number);
      return JSON.parse(utf8Text(bytes, 0, bytes.length));
    },
    elements(from, to) {
      const part = slice(from, to, scratch);
      scratch = new Uint8Array(part.bytes.buffer);
      const parsed = sliceElements(part);
      const mine = ++reads;
      return (k) => {
        if (mine !== reads) throw new Error('elements of a part read after the next part was read');
        return parsed.get(k - from);
      };
    },
    slice,
  };
}

/** Where elements [from, to) lie: their first byte, their length, and offsets made relative to the first. */
function sliceSpan(s: number[], ends: number[], from: number, to: number) {
  const base = s[from] ?? 0;
  const end = to > from ? (ends[to - 1] as number) : base;
  return { base, length: end - base, rel: (xs: number[]) => Int32Array.from(xs.slice(from, to), (x) => x - base) };
}

/** `into` when it can carry `length` bytes, else a new buffer with room to spare (so it can carry the next parts, which differ in size). */
function carrier(into: Uint8Array | undefined, length: number): Uint8Array {
  return (into && into.length >= length ? into : new Uint8Array(Math.ceil(length * 1.5))).subarray(0, length);
}
