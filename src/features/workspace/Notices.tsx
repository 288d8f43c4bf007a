import { useTranslation } from 'react-i18next';
import { RANGE_COLUMNS, type RangeColumn } from '../../state/filters';
import { useAppStore } from '../../state/react';
import type { UrlNotice } from '../../state/urlState';

/** Values of the URL the app did not use, each said plainly, until dismissed: the view shown is the one without them. */
export function Notices() {
  const { t } = useTranslation();
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismissNotices);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" data-testid="notices">
      <ul>
        {notices.map((n) => (
          <li key={`${n.param}=${n.value}:${n.problem}`} data-param={n.param}>
            {t(`notice.${n.problem}`, { param: n.param, value: n.value, label: paramLabel(n, t) })}
          </li>
        ))}
      </ul>
      <button type="button" onClick={dismiss} data-testid="dismiss-notices">
        {t('app.dismiss')}
      </button>
    </div>
  );
}

/** What a parameter is, in words: "地图视野" for cam, "“容积率”的范围" for r_far; an unknown one by its name. */
function paramLabel(n: UrlNotice, t: (key: string, opts?: Record<string, unknown>) => string): string {
  const metric = n.param.startsWith('r_') ? n.param.slice(2) : null;
  if (metric && RANGE_COLUMNS.includes(metric as RangeColumn)) return t('notice.range', { metric: t(`metricName.${metric}`) });
  return t(`notice.param.${n.param}`, { defaultValue: n.param });
}
