import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseUrl, parseView, serializeView } from '../../src/state/urlState';
import { DEFAULT_VISIBILITY } from '../../src/state/view';

/** The view as URL parameters (src/state/urlState.ts): round trips, defaults, values that are not there. */

describe('URL state', () => {
  it('round-trips the whole view', () => {
    const view = {
      ...DEFAULT_VIEW,
      lang: 'en' as const,
      metric: 'far' as const,
      theme: 'grade' as const,
      classMethod: 'natural' as const,
      visibility: { ...DEFAULT_VISIBILITY, constraints: false, conflict: true, illegalOccupation: false, supplyBreach: true, overdueStart: true },
      filters: {
        zone: 'jingji',
        functionalAreas: ['built-up' as const],
        industries: ['13'],
        landUses: ['0601'],
        landUseKinds: ['industrial' as const],
        flags: ['idle' as const],
        idleStatuses: ['idle' as const, 'suspected' as const],
        idleMeasures: ['reclaim' as const],
        changes: ['newly-idle' as const, 'fee-to-reclaim' as const],
        failedIndicators: ['far' as const],
        breachIndicators: ['green' as const, 'coverage' as const],
        stages: ['supplied-not-used' as const, 'built-not-in-production' as const],
        gradesCity: ['D' as const, 'ungraded' as const],
        gradesZone: ['A' as const],
        ranges: { far: [0.5, null] as [number, null], efficiencyScore: [null, 60] as [null, number], idleFeeWanYuan: [100, 500] as [number, number] },
        text: '食品 A',
      },
      sort: [
        { id: 'idleYears', desc: true },
        { id: 'areaMu', desc: false },
      ],
      drawer: 'table' as const,
      selectedId: 'JI0001',
      camera: { center: [114.01234, 33.5] as [number, number], zoom: 14.5 },
      tableOpen: false,
      reviewFilter: ['open' as const, 'stale' as const],
      reviewPane: true,
      queueOrder: 'priority-years' as const,
      asOfDate: '2017-12-31',
      compare: { from: '2016-12-31', to: '2017-12-31' },
      dashboard: true,
    };
    expect(parseView(serializeView(view))).toEqual(view);
    expect(parseView('')).toEqual(DEFAULT_VIEW);
  });
  it('ignores values it does not know, and never takes a URL or path as a dataset', () => {
    const v = parseView('?metric=evil&flags=idle,bogus&dataset=..%2F..%2Fetc&cam=1,2');
    expect(v.metric).toBe(DEFAULT_VIEW.metric);
    expect(v.filters.flags).toEqual(['idle']);
    expect(v.dataset).toBe('luohe');
    expect(v.camera).toBeNull();
  });
  it('the review pane, its filter and order: read from the URL, what is unknown named', () => {
    const { view, notices } = parseUrl('?review=1&rv=open,bogus,conflict&queue=sideways');
    expect(view.reviewPane).toBe(true);
    expect(view.reviewFilter).toEqual(['open', 'conflict']);
    expect(view.queueOrder).toBe('priority-area');
    expect(notices).toEqual([
      { param: 'rv', value: 'bogus', problem: 'malformed' },
      { param: 'queue', value: 'sideways', problem: 'malformed' },
    ]);
    expect(serializeView({ ...DEFAULT_VIEW, reviewPane: true, reviewFilter: ['closed'] })).toBe('?review=1&rv=closed');
  });
});
