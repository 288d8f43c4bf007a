import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { figureText } from '../../src/features/presentation/figureText';
import { en, zh } from '../../src/i18n/resources';

/** Key figures as the presentation and the printed list show them. */
const i18n = createInstance();
await i18n.init({ resources: { zh: { translation: zh }, en: { translation: en } }, lng: 'zh', interpolation: { escapeValue: false } });
const t = i18n.t.bind(i18n);

describe('figureText', () => {
  it('a figure short of its plan target: cut (never rounded up to the target), with the target in its unit', () => {
    const f = figureText(
      {
        id: 'leadingRevenueYiYuan',
        value: 799.96,
        digits: 1,
        target: { comparison: '>=', value: 800, met: false, source: { kind: 'plan', document: '漯政办〔2016〕17号', article: { zh: '三', en: 'III' } } },
      },
      'zh',
      t,
    );
    expect(f).toMatchObject({ value: '799.9', unit: '亿元', target: '目标 ≥ 800 亿元', met: false });
    expect(f.source).toContain('漯政办〔2016〕17号');
  });

  it('no value: a dash with no unit, the target still in its unit', () => {
    expect(figureText({ id: 'taxWanPerMu', value: null, digits: 1, target: null }, 'zh', t)).toMatchObject({ value: '—', unit: '' });
    const f = figureText(
      { id: 'leadingRevenueYiYuan', value: null, digits: 1, target: { comparison: '>', value: 400, met: null, source: { kind: 'rule', sourceId: 'x' } } },
      'zh',
      t,
    );
    expect(f).toMatchObject({ value: '—', unit: '', target: '目标 > 400 亿元', met: null });
  });
});
