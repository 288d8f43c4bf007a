import { officerName } from '../../domain/review';

/**
 * The officer's name, asked once and remembered in this browser profile (localStorage: read before anything else
 * renders, and it is not a decision: losing it only means being asked again).
 */
const KEY = 'parkatlas.officer';

export function rememberedOfficer(): string | null {
  try {
    return officerName(globalThis.localStorage?.getItem(KEY) ?? '');
  } catch {
    return null;
  }
}

export function rememberOfficer(name: string): void {
  try {
    globalThis.localStorage?.setItem(KEY, name);
  } catch {
    // storage refused: the name is kept for this page only (the store holds it)
  }
}
