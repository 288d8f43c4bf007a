import { describe, expect, it } from 'vitest';
import { convertValue, dateOf, guessMapping, MAPPING_FORMAT, mappingFileOf, mappingFileSchema, suggestedUnit, unitOfTitle } from '../../src/data/mapping';
import { encodingOfLanguageDriver, encodingOfName } from '../../src/data/textEncodings';
import { crsOfPrj } from '../../src/geo/prj';

describe('values read for the contract', () => {
  it('converts money and areas from the declared unit (元, 千元, 亿元; 亩, 公顷) to 万元 and m²', () => {
    expect(convertValue('taxWanYuan', 16792000, 'yuan')).toEqual({ value: 1679.2 });
    expect(convertValue('taxWanYuan', '1,234,500', 'yuan')).toEqual({ value: 123.45 });
    expect(convertValue('revenueWanYuan', '１２３', 'qianYuan')).toEqual({ value: 12.3 });
    expect(convertValue('fixedAssetInvestmentWanYuan', 1.5, 'yiYuan')).toEqual({ value: 15000 });
    expect(convertValue('certifiedAreaM2', 15, 'mu')).toEqual({ value: 10000 });
    expect(convertValue('certifiedAreaM2', 2, 'ha')).toEqual({ value: 20000 });
    expect(convertValue('certifiedAreaM2', '—')).toEqual({ value: null });
    expect(convertValue('certifiedAreaM2', '约3千')).toEqual({ rule: 'number' });
    expect(convertValue('taxWanYuan', -1)).toEqual({ rule: 'negative' });
  });

  it('reads dates as officers write them, and Excel serial days', () => {
    expect(dateOf('2018-06-30')).toBe('2018-06-30');
    expect(dateOf('2018/6/3')).toBe('2018-06-03');
    expect(dateOf('2018.6.30')).toBe('2018-06-30');
    expect(dateOf('2018年6月30日')).toBe('2018-06-30');
    expect(dateOf('20180630')).toBe('2018-06-30');
    expect(dateOf(20180630)).toBe('2018-06-30');
    expect(dateOf(43281)).toBe('2018-06-30');
    expect(dateOf('2018-02-30')).toBeNull();
    expect(dateOf('六月')).toBeNull();
  });

  it('codes: land use (a lost leading zero, 2007 three-digit codes, names), industry with its section letter, ids Excel cut', () => {
    expect(convertValue('landUse', 601)).toEqual({ value: '0601' });
    expect(convertValue('landUse', '061')).toEqual({ value: '0601', note: 'land-use-2007' });
    expect(convertValue('landUse', '063')).toEqual({ value: '0604', note: 'land-use-2007' });
    expect(convertValue('landUse', '工业用地')).toEqual({ value: '0601' });
    expect(convertValue('landUse', '0601 工业用地')).toEqual({ value: '0601' });
    expect(convertValue('industryCode', 'C1310')).toEqual({ value: '1310' });
    expect(convertValue('industryCode', 13)).toEqual({ value: '13' });
    expect(convertValue('id', 4.11102001001e17)).toEqual({ rule: 'lost-digits' });
    expect(convertValue('id', 12345)).toEqual({ value: '12345' });
    expect(convertValue('delayCause', '政府原因')).toEqual({ value: 'government' });
    expect(convertValue('investmentIncludesLandPrice', '是')).toEqual({ value: true });
    expect(convertValue('landGrade', '9等')).toEqual({ value: 9 });
  });

  it('units from column titles', () => {
    expect(unitOfTitle('税收（元）')).toBe('yuan');
    expect(unitOfTitle('主营业务收入（万元）')).toBe('wanYuan');
    expect(unitOfTitle('面积_亩')).toBe('mu');
    expect(unitOfTitle('用地面积(公顷)')).toBe('ha');
    expect(unitOfTitle('建筑面积㎡')).toBe('m2');
    expect(unitOfTitle('企业名称')).toBeNull();
  });

  it('a unit the values contradict: areas in 亩 declared as m², compared with the surveyed areas', () => {
    const surveyed = [10000, 20000, 30000, 40000];
    expect(suggestedUnit('certifiedAreaM2', undefined, [15, 30, 45, 60], surveyed)).toBe('mu');
    expect(suggestedUnit('certifiedAreaM2', undefined, [1, 2, 3, 4], surveyed)).toBe('ha');
    expect(suggestedUnit('certifiedAreaM2', undefined, [10100, 19800, 30000, 40500], surveyed)).toBeNull();
    expect(suggestedUnit('certifiedAreaM2', 'mu', [15, 30, 45, 60], surveyed)).toBeNull();
    expect(suggestedUnit('taxWanYuan', undefined, [16792000, 9028000, 2417000])).toBe('yuan');
  });
});

describe('the preset and the mapping file', () => {
  it('guesses cadastral names, Chinese titles and the contract’s own; a parcels field before a table column', () => {
    const m = guessMapping([
      { source: 'parcels', name: 'ZDDM', samples: [] },
      { source: 'parcels', name: 'QLRMC', samples: [] },
      { source: 'parcels', name: 'ZDMJ', samples: [] },
      { source: 'parcels', name: '行业代', samples: [] },
      { source: 'parcels', name: 'certifiedA', samples: [] },
      { source: 'table', name: '企业名称', samples: [] },
      { source: 'table', name: '税收（元）', samples: [] },
      { source: 'table', name: '宗地代码', samples: [] },
    ]);
    expect(m.id).toEqual({ source: 'parcels', field: 'ZDDM' });
    expect(m.enterprise).toEqual({ source: 'parcels', field: 'QLRMC' });
    expect(m.certifiedAreaM2).toEqual({ source: 'parcels', field: 'ZDMJ' });
    expect(m.industryCode).toEqual({ source: 'parcels', field: '行业代' });
    expect(m.taxWanYuan).toEqual({ source: 'table', field: '税收（元）', unit: 'yuan' });
  });

  it('writes and reads back a mapping file; refuses a unit of another kind and unknown members', () => {
    const file = mappingFileOf({ id: { source: 'parcels', field: 'ZDDM' }, taxWanYuan: { source: 'table', field: '税收（元）', unit: 'yuan' } }, '统计局报表');
    expect(file.format).toBe(MAPPING_FORMAT);
    expect(mappingFileSchema.parse(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect(mappingFileSchema.safeParse({ ...file, fields: { taxWanYuan: { field: 'x', unit: 'mu' } } }).success).toBe(false);
    expect(mappingFileSchema.safeParse({ ...file, extra: 1 }).success).toBe(false);
    expect(mappingFileSchema.safeParse({ ...file, fields: { nope: { field: 'x' } } }).success).toBe(false);
  });
});

describe('encodings and .prj', () => {
  it('names a .cpg may hold, and language driver bytes', () => {
    for (const n of ['GBK', '936', 'ANSI 936', 'CP936', 'cp936', 'GB2312', 'GB18030']) expect(encodingOfName(n), n).toBe('gbk');
    for (const n of ['UTF-8', 'utf8', '65001']) expect(encodingOfName(n), n).toBe('utf-8');
    expect(encodingOfName('Big5')).toBe('big5');
    expect(encodingOfName('KOI8-R')).toBeNull();
    expect(encodingOfLanguageDriver(0x4d)).toBe('gbk');
    expect(encodingOfLanguageDriver(0x57)).toBeNull();
  });

  it('reads .prj WKT: CGCS2000 Gauss–Krüger as its EPSG code (with or without the zone number), others by proj4 with their datum', () => {
    const gk = (fe: number, cm: number) =>
      `PROJCS["x",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`;
    expect(crsOfPrj(gk(500000, 114))).toMatchObject({ kind: 'epsg', code: 4547 });
    expect(crsOfPrj(gk(38500000, 114))).toMatchObject({ kind: 'epsg', code: 4526 });
    expect(crsOfPrj(gk(20500000, 117))).toMatchObject({ kind: 'epsg', code: 4498 });
    const xian80 = gk(500000, 114)
      .replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_Xian_1980')
      .replace('D_China_2000', 'D_Xian_1980')
      .replace('SPHEROID["CGCS2000",6378137.0,298.257222101]', 'SPHEROID["Xian_1980",6378140.0,298.257]');
    expect(crsOfPrj(xian80)).toMatchObject({ kind: 'proj4', datum: 'other' });
    expect(
      crsOfPrj(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toMatchObject({
      kind: 'lonlat',
      datum: 'same',
    });
    expect(crsOfPrj('not a wkt')).toMatchObject({ kind: 'unreadable' });
  });
});
