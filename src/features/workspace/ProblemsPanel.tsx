import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';

const SHOWN = 500;
const NO_PROBLEMS: never[] = [];

/** Problems found while loading: file, feature (index and id), property and message — never a blank map. */
export function ProblemsPanel() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.problemsOpen);
  const setOpen = useAppStore((s) => s.setProblemsOpen);
  const problems = useAppStore((s) => s.data?.problems) ?? NO_PROBLEMS;
  if (!open) return null;
  return (
    <div className="problems" role="dialog" aria-modal="false" aria-labelledby="problems-h" data-testid="problems">
      <header>
        <h2 id="problems-h">{t('app.problemsCount', { count: problems.length })}</h2>
        <button type="button" onClick={() => setOpen(false)}>
          {t('app.close')}
        </button>
      </header>
      {problems.length === 0 ? (
        <p>{t('app.noProblems')}</p>
      ) : (
        <table className="mini">
          <thead>
            <tr>
              <th>{t('ui.status')}</th>
              <th>{t('ui.problemFile')}</th>
              <th>{t('ui.problemFeature')}</th>
              <th>{t('ui.problemMessage')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.slice(0, SHOWN).map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; two problems may read the same
              <tr key={i} className={p.severity}>
                <td>{t(`ui.severity.${p.severity}`)}</td>
                <td>{p.file}</td>
                <td>{p.featureIndex == null ? '—' : `#${p.featureIndex}${p.featureId ? ` (${p.featureId})` : ''}`}</td>
                <td>
                  {p.property ? `${p.property}: ` : ''}
                  {p.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problems.length > SHOWN && <p>{t('ui.moreProblems', { count: problems.length - SHOWN })}</p>}
    </div>
  );
}
