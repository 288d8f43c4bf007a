/** The distinct strings of packed rows, each given once and named by its index (-1: null): dates and codes repeat a lot. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  id(s: string | null): number {
    if (s === null) return -1;
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(s);
      this.index.set(s, k);
    }
    return k;
  }
}
