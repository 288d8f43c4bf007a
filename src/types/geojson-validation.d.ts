declare module 'geojson-validation' {
  /** With trace = true the checks return the list of problems (empty when valid). */
  export function valid(geojson: unknown, trace: true): string[];
  export function valid(geojson: unknown, trace?: false): boolean;
  export function isFeature(geojson: unknown, trace: true): string[];
  export function isFeature(geojson: unknown, trace?: false): boolean;
  const gjv: { valid: typeof valid; isFeature: typeof isFeature };
  export default gjv;
}
