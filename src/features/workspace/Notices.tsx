import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';

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
            {t(`notice.${n.problem}`, { param: n.param, value: n.value, label: t(`notice.param.${n.param}`, { defaultValue: n.param }) })}
          </li>
        ))}
      </ul>
      <button type="button" onClick={dismiss} data-testid="dismiss-notices">
        {t('app.dismiss')}
      </button>
    </div>
  );
}
