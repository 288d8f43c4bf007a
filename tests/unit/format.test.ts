import { describe, expect, it } from 'vitest';
import { fmt, fmtPercent } from '../../src/i18n/format';

describe('number formats (i18n/format)', () => {
  it('shows a missing or non-finite value as an em dash, never 0 or NaN', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(fmt('zh', v)).toBe('—');
      expect(fmtPercent('en', v)).toBe('—');
    }
  });

  it('rounds to the digits asked, with the language’s grouping', () => {
    expect(fmt('zh', 1234567.891, 2)).toBe('1,234,567.89');
    expect(fmt('en', 1234567.891, 0)).toBe('1,234,568');
    expect(fmt('en', 0.5, 0)).toBe('1');
    expect(fmt('zh', 2, 3)).toBe('2.000');
    // a value that rounds to zero shows no minus sign
    expect(fmt('en', -0.004, 2)).toBe('0.00');
    expect(fmt('zh', -1.5, 1)).toBe('-1.5');
  });

  it('gives a share as a percentage of the digits asked', () => {
    expect(fmtPercent('zh', 0.1234)).toBe('12.3%');
    expect(fmtPercent('en', 0.07, 0)).toBe('7%');
    expect(fmtPercent('en', 1)).toBe('100.0%');
  });
});
