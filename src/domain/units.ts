// Units ParkAtlas reports in. 1 亩 = 10000/15 m² exactly (市制); 1 公顷 = 15 亩 = 10 000 m².
export const M2_PER_MU = 10000 / 15;
export const M2_PER_HA = 10000;
export const MU_PER_HA = 15;

export const muFromM2 = (areaM2: number): number => areaM2 / M2_PER_MU;
export const haFromM2 = (areaM2: number): number => areaM2 / M2_PER_HA;
/** 1 亿元 = 10 000 万元 (money is kept in 万元; plan targets are in 亿元). */
export const yiFromWan = (wanYuan: number): number => wanYuan / 10000;

/** A ratio whose inputs may be missing: null, never NaN or Infinity. */
export function ratioOrNull(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator == null || denominator == null) return null;
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** 万元 per 亩 from 万元 per 公顷 and back (the national tables use 公顷, the UI 亩). */
export const wanPerMuFromWanPerHa = (wanPerHa: number): number => wanPerHa / MU_PER_HA;
