import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/map/printImage';

/** The sources under a PNG export: wrapped, never cut (one unit of width per character here). */
const w = (s: string) => [...s].length;

describe('wrapText', () => {
  it('keeps every character, breaking Chinese anywhere and other words at spaces', () => {
    const text = '本数据集为演示用途生成的示例数据：宗地、企业与指标均为虚构 District boundaries: DataV GeoAtlas copy';
    const lines = wrapText(text, 12, w);
    expect(lines.every((l) => w(l) <= 12)).toBe(true);
    expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    expect(lines).toContain('District');
    expect(lines.some((l) => /^DataV GeoAtlas?/.test(l) || l === 'GeoAtlas copy' || l.startsWith('boundaries:'))).toBe(true);
  });

  it('a word wider than a line is broken; a short line is left as it is', () => {
    expect(wrapText('abcdefghij', 4, w)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('园区 map', 20, w)).toEqual(['园区 map']);
    expect(wrapText('', 20, w)).toEqual(['']);
  });
});
