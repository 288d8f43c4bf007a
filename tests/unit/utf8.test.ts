import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRandom } from '../../seeds/lib/random';
import { scanFeatureCollection } from '../../src/data/featureScan';
import { decodeUtf8 } from '../../src/data/utf8';
import { FIXTURES, filesUnder, ROOT } from '../helpers/fixtures';

// The reference is the platform's decoder: decodeUtf8 must give exactly its text for every input, well-formed or not.
const reference = new TextDecoder();
const same = (b: Uint8Array, from = 0, to = b.length) => expect(decodeUtf8(b, from, to)).toBe(reference.decode(b.subarray(from, to)));

describe('decodeUtf8 gives what TextDecoder gives', () => {
  it('for every code point at the edges of each sequence length, and around the surrogates', () => {
    const edges = [0, 0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xfff, 0x1000, 0xcfff, 0xd000, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xffff];
    const astral = [0x10000, 0x1f600, 0x3ffff, 0x40000, 0xfffff, 0x100000, 0x10ffff];
    for (const cp of [...edges, ...astral]) {
      const b = new TextEncoder().encode(`a${String.fromCodePoint(cp)}b`);
      same(b);
      expect(decodeUtf8(b, 0, b.length)).toBe(`a${String.fromCodePoint(cp)}b`);
    }
  });

  it('for every pair of bytes, and every three-byte sequence a lead byte of 0xE0–0xF4 can start', () => {
    const b = new Uint8Array(2);
    for (let x = 0; x < 256; x++) {
      for (let y = 0; y < 256; y++) {
        b[0] = x;
        b[1] = y;
        same(b);
      }
    }
    // the second byte across the edges of every lead's range, the third continuing or not, and a fourth
    const seconds = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
    const thirds = [0x41, 0x80, 0xbf, 0xc0];
    const c = new Uint8Array(4);
    for (let lead = 0xe0; lead <= 0xf4; lead++) {
      for (const s of seconds) {
        for (const t of thirds) {
          for (const f of [0x41, 0x80, 0xc0]) {
            c[0] = lead;
            c[1] = s;
            c[2] = t;
            c[3] = f;
            same(c, 0, 3);
            same(c, 0, 4);
          }
        }
      }
    }
  });

  it('for 20,000 random byte strings (ASCII, continuation bytes, lead bytes and their mixes)', () => {
    // seeded, so that a failing case can be run again
    const next = makeRandom(20261129).rand;
    // weighted so that well-formed multi-byte sequences and ill-formed ones both come often
    const pick = () => {
      const r = next();
      if (r < 0.4) return 0x20 + Math.floor(next() * 0x5f);
      if (r < 0.6) return 0x80 + Math.floor(next() * 0x40);
      if (r < 0.75) return 0xe0 + Math.floor(next() * 0x10);
      if (r < 0.85) return 0xc0 + Math.floor(next() * 0x20);
      return 0xf0 + Math.floor(next() * 0x10);
    };
    for (let k = 0; k < 20_000; k++) {
      const b = Uint8Array.from({ length: 1 + Math.floor(next() * 24) }, pick);
      same(b);
    }
    // and well-formed text of random code points, cut anywhere (a cut through a sequence is ill-formed)
    for (let k = 0; k < 2_000; k++) {
      const ranges = [
        [0x20, 0x7f],
        [0x80, 0x800],
        [0x800, 0xd800],
        [0xe000, 0x10000],
        [0x10000, 0x110000],
      ] as const;
      const codePoint = () => {
        const [lo, hi] = ranges[Math.floor(next() * ranges.length)] as readonly [number, number];
        return lo + Math.floor(next() * (hi - lo));
      };
      const text = Array.from({ length: 1 + Math.floor(next() * 12) }, () => String.fromCodePoint(codePoint())).join('');
      const b = new TextEncoder().encode(text);
      const from = Math.floor(next() * b.length);
      same(b, from, from + Math.floor(next() * (b.length - from + 1)));
    }
  });

  it('for a byte order mark at the start (TextDecoder drops it) and elsewhere (kept)', () => {
    const b = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0xef, 0xbb, 0xbf]);
    same(b);
    expect(decodeUtf8(b, 0, b.length)).toBe('{}\ufeff');
    same(b, 3);
  });

  it('for texts longer than one String.fromCharCode call takes, and ranges inside a larger buffer', () => {
    const text = '漯河市经济技术开发区 parcel 𠀀 '.repeat(3000);
    const b = new TextEncoder().encode(`xx${text}yy`);
    same(b);
    same(b, 2, b.length - 2);
    expect(decodeUtf8(b, 2, b.length - 2)).toBe(text);
    same(b, 5, 5);
  });

  it("for every feature of the embedded 漯河 parcels, and every file of the test fixtures (the invalid GeoJSON cases' bytes)", () => {
    const file = new Uint8Array(readFileSync(join(ROOT, 'geodata', 'luohe', 'parcels.geojson')));
    const scan = scanFeatureCollection(file);
    const count = scan?.count ?? 0;
    expect(count).toBeGreaterThan(2000);
    // each feature's bytes, as the app's workers decode them
    const part = scan?.slice?.(0, count);
    expect(part?.starts.length).toBe(count);
    let nonAscii = 0;
    for (let k = 0; k < count; k++) {
      const [from, to] = [part?.starts[k] as number, part?.ends[k] as number];
      same(part?.bytes as Uint8Array, from, to);
      if (part?.bytes.subarray(from, to).some((x) => x >= 0x80)) nonAscii++;
    }
    // (the features carry Chinese names: the multi-byte path is what was compared)
    expect(nonAscii).toBeGreaterThan(count / 2);
    same(file);
    const files = filesUnder(FIXTURES);
    expect(files.length).toBeGreaterThan(99);
    for (const f of files) same(new Uint8Array(readFileSync(f)));
  });
});
