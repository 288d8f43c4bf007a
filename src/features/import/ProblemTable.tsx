import { useTranslation } from 'react-i18next';
import { type Problem, problemMessageWith } from '../../data/problem';

/** Problems as the import found them, errors first: file, where (feature # and id, or a table's row), field, message. */
export function ProblemTable({ problems, limit = 200, testId }: { problems: readonly Problem[]; limit?: number; testId?: string }) {
  const { t } = useTranslation();
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const where = (p: Problem) => {
    if (p.featureIndex != null) return `#${p.featureIndex}${p.featureId ? ` (${p.featureId})` : ''}`;
    if (typeof p.params.row === 'number') return t('importUi.row', { row: p.params.row });
    return '—';
  };
  return (
    <div className="import-problems">
      <table className="mini" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('ui.status')}</th>
            <th>{t('ui.problemFile')}</th>
            <th>{t('importUi.where')}</th>
            <th>{t('ui.problemMessage')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, limit).map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; two problems may read the same
            <tr key={i} className={p.severity} data-code={p.code}>
              <td>{t(`ui.severity.${p.severity}`)}</td>
              <td>{p.file.replace(/^.*\//, '')}</td>
              <td>{where(p)}</td>
              <td>
                {/* (a table's cell names its column in the message) */}
                {p.property && p.params.column === undefined ? `${p.property}: ` : ''}
                {problemMessageWith((key, params) => t(key, params), p)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > limit && <p className="note">{t('importUi.moreProblems', { count: sorted.length - limit })}</p>}
    </div>
  );
}
