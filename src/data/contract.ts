import * as z from 'zod';
import { isIsoDate } from '../domain/dates';
import type { ParcelProps } from '../domain/types';

/**
 * The parcel property contract (DESIGN.md, docs/rules.md), one zod schema per property, so a bad value nulls that
 * property with a warning and the rest of the feature is kept. Two investment totals, not one:
 * fixedAssetInvestmentWanYuan (项目固定资产总投资, with the land price) is what investment intensity divides;
 * totalInvestmentWanYuan and investedWanYuan are what the idle test's 25 % compares, both without the land price
 * (闲置土地处置办法 art. 30) unless investmentIncludesLandPrice says they include it (it is then taken off both).
 */
const quantity = z.number({ error: 'must be a number' }).finite().nonnegative({ error: 'must not be negative' });
const text = z.union([z.string(), z.number().transform(String)], { error: 'must be text' });
const isoDate = z.string({ error: 'must be an ISO date (YYYY-MM-DD)' }).refine(isIsoDate, { error: 'must be an ISO date (YYYY-MM-DD)' });

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
    {
      error: 'must be a GB/T 21010 or 2023 land-use code such as "0601" or "1001"',
    },
  ),
  industryCode: z.union(
    [
      z.string().regex(/^\d{2,4}$/),
      z
        .number()
        .int()
        .transform((n) => String(n).padStart(2, '0')),
    ],
    {
      error: 'must be a GB/T 4754 industry code such as "13"',
    },
  ),
  landGrade: z.number().int().min(1).max(15, { error: 'must be an integer grade 1–15' }),
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
  investmentIncludesLandPrice: z.boolean({ error: 'must be true or false' }),
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
  delayCause: z.enum(['government', 'force-majeure', 'preliminary-work'], { error: 'must be "government", "force-majeure" or "preliminary-work"' }),
} satisfies Record<Exclude<keyof ParcelProps, 'id'>, z.ZodType>;

export type ContractProperty = keyof typeof PROPERTY_SCHEMAS;

/** All properties at once, for the common case where every value is good (one parse instead of one per property). */
export const PROPS_SCHEMA = z.object(PROPERTY_SCHEMAS).partial();
export const CONTRACT_PROPERTIES = Object.keys(PROPERTY_SCHEMAS) as ContractProperty[];
export const DATE_PROPERTIES = [
  'approvalDate',
  'supplyDate',
  'agreedStartDate',
  'extendedStartDate',
  'actualStartDate',
  'agreedCompletionDate',
  'actualCompletionDate',
  'productionStartDate',
  'suspendedSince',
  'resumedDate',
] as const;

export const idSchema = z.union([z.string().min(1), z.number().finite().transform(String)]);

/** Dates after this are typing errors (a contract does not run to the next century). */
export const LATEST_PLAUSIBLE_DATE = '2100-01-01';
export const EARLIEST_PLAUSIBLE_DATE = '1949-10-01';
