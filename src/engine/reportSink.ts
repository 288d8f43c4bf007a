import { type ReportFormat, type ReportMeta, reportWriter } from '../analysis/report';
import type { Lang } from '../i18n/resources';
import type { Sink } from './sink';

/** The report the CLI writes (JSON, CSV or GeoJSON, see analysis/report.ts): each parcel's text, made where it is analysed. */
export interface ReportSpec {
  format: ReportFormat;
  lang: Lang;
  meta: ReportMeta;
}

/** A part's parcels' report texts as UTF-8, the writer's separator between them; parcel k's is byteLengths[k] bytes (its separator first, but the first's). */
export interface ReportPart {
  utf8: Uint8Array;
  byteLengths: Int32Array;
}

/** Where the joined text goes: each piece in file order, valid during the call only (its buffer is used again). */
export interface ReportLocal {
  write(utf8: Uint8Array): void;
}

export const reportSink: Sink<ReportSpec, ReportPart, void, ReportLocal> = {
  writer(spec, _run, _size, buffers) {
    const w = reportWriter(spec.format, spec.meta, spec.lang);
    const utf8 = new Utf8Buffer(buffers.pop());
    const lengths: number[] = [];
    return {
      add(r, parcel) {
        const sep = lengths.length > 0 ? utf8.add(w.separator) : 0;
        lengths.push(sep + utf8.add(w.parcel(r, parcel.geometry)));
      },
      finish: () => ({ utf8: utf8.bytes(), byteLengths: Int32Array.from(lengths) }),
    };
  },
  transfer: (p) => [p.utf8.buffer as ArrayBuffer, p.byteLengths.buffer as ArrayBuffer],
  spent: (p) => (p.utf8.buffer.byteLength > 0 ? [new Uint8Array(p.utf8.buffer)] : []),
  joiner(spec, _run, _total, local) {
    const separator = new TextEncoder().encode(reportWriter(spec.format, spec.meta, spec.lang).separator);
    let written = false;
    const write = (bytes: Uint8Array) => {
      if (bytes.length === 0) return;
      if (written && separator.length > 0) local.write(separator);
      local.write(bytes);
      written = true;
    };
    return {
      add(part, keep) {
        if (!keep) {
          write(part.utf8);
          return;
        }
        let offset = 0;
        for (let k = 0; k < part.byteLengths.length; k++) {
          const length = part.byteLengths[k] as number;
          // parcel k's bytes begin with the separator, but the part's first
          if (keep[k] === 1) write(part.utf8.subarray(k > 0 ? offset + separator.length : offset, offset + length));
          offset += length;
        }
      },
      finish() {},
    };
  },
};

/**
 * Text written as UTF-8 into one buffer that grows as needed. Each part's text is encoded as it is made, so no
 * parcel's text outlives its parcel as a string, and a buffer can be used again once written out (`spent`).
 */
class Utf8Buffer {
  private static readonly encoder = new TextEncoder();
  private buf: Uint8Array;
  private used = 0;
  constructor(reuse: Uint8Array | undefined) {
    this.buf = reuse ?? new Uint8Array(1 << 22);
  }
  /** Appends the text; returns its length in bytes. */
  add(text: string): number {
    // a UTF-16 code unit takes at most 3 UTF-8 bytes
    if (this.buf.length - this.used < text.length * 3) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.used + text.length * 3));
      grown.set(this.buf.subarray(0, this.used));
      this.buf = grown;
    }
    const n = Utf8Buffer.encoder.encodeInto(text, this.buf.subarray(this.used)).written;
    this.used += n;
    return n;
  }
  /** The bytes written (a view of the whole buffer, given back by `spent` once they are written out). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.used);
  }
}
