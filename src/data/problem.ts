/** A problem found while reading input: a value, never a thrown string (STYLE.md). */
export type Severity = 'error' | 'warning';
/** geojson: RFC 7946 structure; geometry: ring and position validity; contract: ParkAtlas's parcel contract. */
export type ProblemCategory = 'file' | 'geojson' | 'geometry' | 'contract' | 'crs' | 'analysis';

export interface Problem {
  file: string;
  /** Index of the feature in the file's `features` array; null for a problem of the whole file. */
  featureIndex: number | null;
  featureId: string | null;
  property: string | null;
  severity: Severity;
  category: ProblemCategory;
  code: string;
  message: string;
}

export function problem(p: Omit<Problem, 'featureIndex' | 'featureId' | 'property'> & Partial<Problem>): Problem {
  return { featureIndex: null, featureId: null, property: null, ...p };
}

/** One line for logs and the CLI: `file #index (id) property: message`. */
export function formatProblem(p: Problem): string {
  const where = p.featureIndex == null ? '' : ` feature #${p.featureIndex}${p.featureId != null ? ` (id ${p.featureId})` : ''}`;
  const prop = p.property ? ` ${p.property}` : '';
  return `${p.severity.toUpperCase()} ${p.file}${where}${prop}: ${p.message}`;
}
