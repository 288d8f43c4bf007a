import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessageWith } from '../../data/problem';
import { useAppStore } from '../../state/react';

const SHOWN = 500;
const NO_PROBLEMS: never[] = [];

/**
 * Problems found while loading: file, feature (index and id), property and message — never a blank map. A problem of
 * a parcel that was kept links to it. Escape closes the panel (App).
 */
export function ProblemsPanel() {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.problemsOpen);
  const setOpen = useAppStore((s) => s.setProblemsOpen);
  const problems = useAppStore((s) => s.data?.problems) ?? NO_PROBLEMS;
  const ids = useAppStore((s) => s.data?.table.text.id);
  const select = useAppStore((s) => s.select);
  const known = useMemo(() => new Set(ids ?? []), [ids]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  if (!open) return null;
  const show = (id: string) => {
    setOpen(false);
    select(id, 'table');
  };
  return (
    <div className="problems" role="dialog" aria-modal="false" aria-labelledby="problems-h" data-testid="problems">
      <header>
        <h2 id="problems-h" tabIndex={-1} ref={heading}>
          {t('app.problemsCount', { count: problems.length })}
        </h2>
        <button type="button" onClick={() => setOpen(false)} title={t('ui.closeHint')}>
          {t('app.close')}
        </button>
      </header>
      <div className="problems-body">
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
                  <td>
                    {p.featureIndex == null ? '—' : `#${p.featureIndex}`}
                    {p.featureId &&
                      (known.has(p.featureId) ? (
                        <>
                          {' '}
                          <button type="button" className="link" onClick={() => show(p.featureId as string)} data-parcel={p.featureId}>
                            {p.featureId}
                          </button>
                        </>
                      ) : (
                        ` (${p.featureId})`
                      ))}
                  </td>
                  <td>
                    {p.property ? `${p.property}: ` : ''}
                    {/* (made in the language shown: the stored message is the Chinese one) */}
                    {p.params ? problemMessageWith((key, params) => t(key, params), p) : p.message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {problems.length > SHOWN && <p>{t('ui.moreProblems', { count: problems.length - SHOWN })}</p>}
      </div>
    </div>
  );
}
