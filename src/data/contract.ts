import * as z from 'zod';
import { isIsoDate } from '../domain/dates';
import { DATE_PROPERTIES, type ParcelProps } from '../domain/types';

/**
 * The parcel property contract (DESIGN.md, docs/rules.md), one zod schema per property, so a bad value nulls that
 * property with a warning and the rest of the feature is kept. Each schema's error message is the id of the rule
 * broken: its text is `contractRule.<id>` in src/i18n (parcels.ts puts it in the problem). Two investment totals,
 * not one: fixedAssetInvestmentWanYuan (项目固定资产总投资, with the land price) is what investment intensity divides;
 * totalInvestmentWanYuan and investedWanYuan are what the idle test's 25 % compares, both without the land price
 * (闲置土地处置办法 art. 30) unless investmentIncludesLandPrice says they include it (it is then taken off both).
 */
// (a number JSON cannot hold, 1e309, parses as Infinity: a number, but not a finite one)
const quantity = z
  .number({ error: (issue) => (typeof issue.input === 'number' ? 'not-finite' : 'not-number') })
  .finite({ error: 'not-finite' })
  .nonnegative({ error: 'negative' });
const text = z.union([z.string(), z.number().finite().transform(String)], { error: 'not-text' });
const isoDate = z.string({ error: 'not-date' }).refine(isIsoDate, { error: 'not-date' });

export const PROPERTY_SCHEMAS = {
  name: text,
  enterprise: text,
  zoneId: text,
  landUse: z.union(
    [
      z.string().regex(/^\d{4,6}$/),
      z
        .number()
        .int()
        .transform((n) => String(n).padStart(4, '0')),
    ],
    { error: 'land-use' },
  ),
  industryCode: z.union(
    [
      z.string().regex(/^\d{2,4}$/),
      z
        .number()
        .int()
        .transform((n) => String(n).padStart(2, '0')),
    ],
    { error: 'industry-code' },
  ),
  landGrade: z.number({ error: 'land-grade' }).int({ error: 'land-grade' }).min(1, { error: 'land-grade' }).max(15, { error: 'land-grade' }),
  fixedAssetInvestmentWanYuan: quantity,
  totalInvestmentWanYuan: quantity,
  floorAreaM2: quantity,
  footprintM2: quantity,
  greenAreaM2: quantity,
  adminAreaM2: quantity,
  revenueWanYuan: quantity,
  taxWanYuan: quantity,
  certifiedAreaM2: quantity,
  landPriceWanYuan: quantity,
  investmentIncludesLandPrice: z.boolean({ error: 'not-boolean' }),
  approvalDate: isoDate,
  supplyDate: isoDate,
  agreedStartDate: isoDate,
  extendedStartDate: isoDate,
  actualStartDate: isoDate,
  agreedCompletionDate: isoDate,
  actualCompletionDate: isoDate,
  productionStartDate: isoDate,
  developedAreaM2: quantity,
  investedWanYuan: quantity,
  suspendedSince: isoDate,
  resumedDate: isoDate,
  delayCause: z.enum(['government', 'force-majeure', 'preliminary-work'], { error: 'delay-cause' }),
} satisfies Record<Exclude<keyof ParcelProps, 'id'>, z.ZodType>;

export type ContractProperty = keyof typeof PROPERTY_SCHEMAS;

/** All properties at once, for the common case where every value is good (one parse instead of one per property). */
export const PROPS_SCHEMA = z.object(PROPERTY_SCHEMAS).partial();
export const CONTRACT_PROPERTIES = Object.keys(PROPERTY_SCHEMAS) as ContractProperty[];
export { DATE_PROPERTIES };

export const idSchema = z.union([z.string().min(1), z.number().finite().transform(String)]);

/** The ids of the rules above (their texts are `contractRule.<id>` in src/i18n). */
export const CONTRACT_RULES = [
  'not-number',
  'not-finite',
  'negative',
  'not-text',
  'not-date',
  'not-boolean',
  'land-use',
  'industry-code',
  'land-grade',
  'delay-cause',
];

/** Dates after this are typing errors (a contract does not run to the next century). */
export const LATEST_PLAUSIBLE_DATE = '2100-01-01';
export const EARLIEST_PLAUSIBLE_DATE = '1949-10-01';
