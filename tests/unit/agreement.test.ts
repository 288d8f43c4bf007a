import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GRADES } from '../../src/domain/rules';
import { STAGES } from '../../src/domain/stages';
import { FLAGS } from '../../src/domain/types';
import { runAudit } from '../../src/engine/audit';
import { fromWire, NONE, type ParcelTable } from '../../src/engine/parcelTable';
import { AnalysisSession } from '../../src/engine/session';
import { ROOT } from '../helpers/fixtures';

/**
 * The app's worker (AnalysisSession, run in-process) and the CLI's report agree on every demo parcel's flags, stage
 * and grades, in one pass and in parts (the grades of a run in parts are set after its parts are joined).
 */
const dir = join(ROOT, 'geodata', 'luohe');
const read = async (rel: string) => {
  try {
    return new Uint8Array(readFileSync(join(dir, rel)));
  } catch {
    return null;
  }
};

interface ReportParcel {
  id: string;
  flags: string[];
  stage: string;
  efficiency: { grade: { city: string | null; zone: string | null } };
}

async function cliReport(): Promise<Map<string, ReportParcel>> {
  const pieces: Buffer[] = [];
  await runAudit({
    input: { kind: 'folder', read },
    asOfDate: null,
    centralMeridian: null,
    rulesText: null,
    format: 'json',
    lang: 'zh',
    write: (b) => pieces.push(Buffer.from(b)),
    featuresPerPart: 300,
  });
  const report = JSON.parse(Buffer.concat(pieces).toString('utf8')) as { parcels: ReportParcel[] };
  return new Map(report.parcels.map((p) => [p.id, p]));
}

async function sessionTable(featuresPerPart: number): Promise<{ table: ParcelTable; session: AnalysisSession }> {
  const session = new AnalysisSession({ readFile: async (url) => read(url.pathname.slice(dir.length + 1)), featuresPerPart });
  const r = await session.load(pathToFileURL(`${dir}/`).href, null, () => {});
  return { table: await fromWire(r.table, async () => {}), session };
}

describe('the app and the CLI report show the same flags, stages and grades', () => {
  it.each([
    ['in one part', Number.MAX_SAFE_INTEGER],
    ['in parts of 300', 300],
  ])('%s, for every 漯河 parcel', async (_, featuresPerPart) => {
    const cli = await cliReport();
    const { table, session } = await sessionTable(featuresPerPart);
    expect(table.length).toBe(cli.size);
    const grade = (i: number) => (i === NONE ? null : GRADES[i]);
    let graded = 0;
    for (let i = 0; i < table.length; i++) {
      const id = table.text.id[i] as string;
      const r = cli.get(id);
      expect(r, id).toBeDefined();
      if (!r) continue;
      const flags = FLAGS.filter((_f, b) => ((table.flags[i] as number) & (1 << b)) !== 0);
      expect([...flags].sort(), id).toEqual([...r.flags].sort());
      expect(STAGES[table.stage[i] as number], id).toBe(r.stage);
      expect(grade(table.gradeCity[i] as number), id).toBe(r.efficiency.grade.city);
      expect(grade(table.gradeZone[i] as number), id).toBe(r.efficiency.grade.zone);
      if (r.efficiency.grade.city) graded++;
      // and the inspector's parcel, made again from its feature
      if (i % 97 === 0) {
        const d = session.parcel(id);
        expect(d?.flags, id).toEqual(r.flags);
        expect(d?.stage, id).toBe(r.stage);
        expect(d?.efficiency.grade, id).toEqual(r.efficiency.grade);
      }
    }
    expect(graded).toBeGreaterThan(500);
  });
});
