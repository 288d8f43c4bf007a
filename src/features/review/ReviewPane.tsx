import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GROUP_FLAG, queueGroup } from '../../domain/review';
import { flagsOf, idleMeasureOf } from '../../engine/parcelTable';
import { fmt } from '../../i18n/format';
import { useAppStore } from '../../state/react';
import { QUEUE_ORDERS, type QueueOrder, queueProgress, rowChanges } from '../../state/reviews/queue';
import { DecisionForm, type DecisionFormHandle, STATUS_KEYS } from './DecisionForm';
import { ReviewHistory } from './ReviewHistory';
import { printRecord } from './ReviewRecord';
import { ConflictList, ExportBar, OrphanList, StorageBanner } from './ReviewTools';
import { changeText, localTime, problemText } from './text';
import './review.css';

/**
 * The review pane beside the map: the queue of the scope (zone and filters) in priority order, one parcel at a time
 * with why it is flagged and its decision form, worked through with the keyboard (keys shown in the pane):
 * J / → next, K / ← previous, 1–5 a status, Enter save (and go on), Ctrl+Z undo, Ctrl+Shift+Z redo.
 */
export function ReviewPane() {
  const { t } = useTranslation();
  const queue = useAppStore((s) => s.queue);
  const data = useAppStore((s) => s.data);
  const review = useAppStore((s) => s.review);
  const setPane = useAppStore((s) => s.setReviewPane);
  const reviewAt = useAppStore((s) => s.reviewAt);
  const setOrder = useAppStore((s) => s.setQueueOrder);
  const order = useAppStore((s) => s.queueOrder);
  const undo = useAppStore((s) => s.undoReview);
  const redo = useAppStore((s) => s.redoReview);
  const selectedId = useAppStore((s) => s.selectedId);
  const form = useRef<DecisionFormHandle>(null);
  /** where the cursor was in the queue (it stays there when its parcel leaves the queue, e.g. filtered out once decided) */
  const lastIndex = useRef(0);
  const table = data?.table;
  const ids = table?.text.id;
  const at = review.cursor && table ? queue.indexOf(table.text.id.indexOf(review.cursor)) : -1;
  if (at >= 0) lastIndex.current = at;
  const cursor = review.cursor;

  // the pane starts at the selected parcel if it is in the queue, else at the queue's first
  useEffect(() => {
    if (!table || queue.length === 0 || review.cursor) return;
    const sel = selectedId ? queue.indexOf(table.text.id.indexOf(selectedId)) : -1;
    reviewAt(table.text.id[queue[Math.max(sel, 0)] as number] as string);
  }, [table, queue, review.cursor, selectedId, reviewAt]);

  const step = (delta: 1 | -1) => {
    if (!ids || queue.length === 0) return;
    const from = at >= 0 ? at : lastIndex.current - (delta > 0 ? 1 : 0);
    const next = Math.min(queue.length - 1, Math.max(0, from + delta));
    reviewAt(ids[queue[next] as number] as string);
  };
  const stepRef = useRef(step);
  stepRef.current = step;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey) return;
      const el = e.target as HTMLElement | null;
      const typing =
        el != null &&
        (el.tagName === 'TEXTAREA' ||
          el.tagName === 'SELECT' ||
          (el.tagName === 'INPUT' && (el as HTMLInputElement).type !== 'checkbox') ||
          el.isContentEditable);
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z' && !typing) {
        e.preventDefault();
        void (e.shiftKey ? redo() : undo());
        return;
      }
      if (mod && e.key.toLowerCase() === 'y' && !typing) {
        e.preventDefault();
        void redo();
        return;
      }
      // Enter saves from the page, or from a one-line field of the decision form (not from the officer's name, a button or a link)
      const inForm = el?.closest('.decision-form') != null;
      const onPage = !typing && (el == null || el === document.body || !el.closest('button, a, form, [role=application]'));
      if (e.key === 'Enter' && ((mod && (inForm || onPage)) || (typing && inForm && el?.tagName === 'INPUT') || onPage)) {
        e.preventDefault();
        void form.current?.save();
        return;
      }
      if (typing || mod) return;
      const k = e.key;
      if (k === 'j' || k === 'J' || k === 'ArrowRight') stepRef.current(1);
      else if (k === 'k' || k === 'K' || k === 'ArrowLeft') stepRef.current(-1);
      else if (/^[1-5]$/.test(k)) form.current?.pickStatus(STATUS_KEYS[Number(k) - 1] as (typeof STATUS_KEYS)[number]);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const progress = review.marks ? queueProgress(queue, review.marks) : null;
  const row = cursor && table ? table.text.id.indexOf(cursor) : -1;
  const parcelReview = cursor ? review.byParcel.get(cursor) : undefined;
  return (
    <aside className="review-pane" aria-labelledby="review-h" data-testid="review-pane">
      <header className="review-header">
        <h2 id="review-h">{t('review.paneTitle')}</h2>
        <button type="button" onClick={() => setPane(false)} aria-label={t('review.closePane')}>
          ×
        </button>
      </header>
      <StorageBanner />
      <Officer />
      {progress && (
        <div className="review-progress" data-testid="review-progress" data-reviewed={progress.reviewed} data-total={progress.total}>
          <div>{t('review.progress', { reviewed: progress.reviewed, total: progress.total })}</div>
          <progress max={progress.total || 1} value={progress.reviewed} />
          <ul className="by-mark">
            {(['open', 'confirmed', 'false-positive', 'needs-recheck', 'in-progress', 'closed', 'conflict'] as const)
              .filter((m) => progress.byMark[m] > 0)
              .map((m) => (
                <li key={m} data-mark={m}>
                  {t(`review.mark.${m}`)} {progress.byMark[m]}
                </li>
              ))}
            {progress.stale > 0 && <li data-mark="stale">{t('review.progressStale', { count: progress.stale })}</li>}
          </ul>
        </div>
      )}
      <label className="field inline">
        {t('review.order')}{' '}
        <select value={order} onChange={(e) => setOrder(e.target.value as QueueOrder)} data-testid="review-order">
          {QUEUE_ORDERS.map((o) => (
            <option key={o} value={o}>
              {t(`review.orders.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <Notice />
      <ConflictList />
      {queue.length === 0 ? (
        <p className="note">{t('review.empty')}</p>
      ) : (
        <nav className="queue-nav" aria-label={t('review.paneTitle')}>
          <button type="button" onClick={() => step(-1)} disabled={at === 0} data-testid="review-prev">
            <kbd>K</kbd> {t('review.prev')}
          </button>
          <span data-testid="review-position">{t('review.position', { at: at >= 0 ? at + 1 : '—', total: queue.length })}</span>
          <button type="button" onClick={() => step(1)} disabled={at === queue.length - 1} data-testid="review-next">
            {t('review.next')} <kbd>J</kbd>
          </button>
        </nav>
      )}
      {cursor && (
        <section className="review-parcel" data-testid="review-parcel" data-parcel-id={cursor}>
          <h3>
            {cursor} {row >= 0 && table ? (table.text.name[row] ?? '') : t('review.mark.orphan')}
          </h3>
          {row >= 0 && table && <WhyFlagged row={row} />}
          <CurrentDecision parcelId={cursor} row={row} />
          {(row >= 0 || parcelReview) && (
            <DecisionForm key={`${cursor}:${parcelReview?.heads[0]?.id ?? ''}`} parcelId={cursor} handle={form} onSaved={() => step(1)} />
          )}
          <button type="button" className="print-btn" onClick={() => printRecord(cursor)} data-testid="review-print">
            {t('review.print')}
          </button>
          <ReviewHistory parcelId={cursor} compact />
        </section>
      )}
      <KeysHelp />
      <OrphanList />
      <ExportBar />
    </aside>
  );
}

function Officer() {
  const { t } = useTranslation();
  const officer = useAppStore((s) => s.review.officer);
  const setOfficer = useAppStore((s) => s.setOfficer);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [bad, setBad] = useState(false);
  if (officer && !editing)
    return (
      <p className="officer" data-testid="review-officer">
        {t('review.officer')}：<strong>{officer}</strong>{' '}
        <button type="button" className="link" onClick={() => setEditing(true)}>
          {t('review.officerChange')}
        </button>
      </p>
    );
  return (
    <form
      className="officer-ask"
      onSubmit={(e) => {
        e.preventDefault();
        const ok = setOfficer(text);
        setBad(!ok);
        if (ok) setEditing(false);
      }}
    >
      <label htmlFor="officer-name">{t('review.officerAsk')}</label>
      <input id="officer-name" value={text} onChange={(e) => setText(e.target.value)} maxLength={40} data-testid="officer-name" autoComplete="name" />
      <button type="submit" data-testid="officer-save">
        {t('review.officerSave')}
      </button>
      {bad && <p role="alert">{t('review.officerInvalid')}</p>}
    </form>
  );
}

/** Why the parcel is in the queue: its group, flags, idle assessment and failed indicators (the inspector's facts). */
function WhyFlagged({ row }: { row: number }) {
  const { t } = useTranslation();
  const table = useAppStore((s) => s.data?.table);
  const detail = useAppStore((s) => s.detail);
  const lang = useAppStore((s) => s.lang);
  if (!table) return null;
  const flags = flagsOf(table, row);
  const group = queueGroup(flags, idleMeasureOf(table, row), true) ?? 'reviewed';
  const d = detail?.id === table.text.id[row] ? detail : null;
  const failed = d?.lowEfficiency.checks.filter((c) => c.pass === false) ?? [];
  return (
    <div className="why" data-testid="review-why" data-group={group}>
      <p>
        <span className={`group-badge ${GROUP_FLAG[group] === 'idle' || group === 'illegal-occupation' ? 'urgent' : ''}`}>{t(`review.group.${group}`)}</span>{' '}
        {flags.map((f) => t(`flag.${f}`)).join('、')}
      </p>
      <dl className="facts">
        <dt>{t('column.areaMu')}</dt>
        <dd>{fmt(lang, table.numeric.areaMu[row], 2)}</dd>
        {d && (
          <>
            <dt>{t('ui.idle')}</dt>
            <dd>
              {t(`idleStatus.${d.idle.status}`)} · {t(`idleReason.${d.idle.reason}`)}
              {d.idle.years != null && ` · ${d.idle.years} ${t('unit.years')}`}
              {d.idle.measure && ` · ${t(`measure.${d.idle.measure}`)}`}
            </dd>
            {d.idle.sinceDate && (
              <>
                <dt>{t('ui.since')}</dt>
                <dd>{d.idle.sinceDate}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {failed.length > 0 && (
        <ul className="failed">
          {failed.map((c) => (
            <li key={c.indicator} title={c.source}>
              {t(`indicator.${c.indicator}`)} {fmt(lang, c.value, 2)} {c.comparison === 'min' ? '<' : '>'} {fmt(lang, c.threshold, 2)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CurrentDecision({ parcelId, row }: { parcelId: string; row: number }) {
  const { t } = useTranslation();
  const r = useAppStore((s) => s.review.byParcel.get(parcelId));
  const data = useAppStore((s) => s.data);
  if (!r || r.decision.status === 'pending')
    return (
      <p className="current" data-testid="review-current" data-status="pending">
        {t('review.noDecision')}
      </p>
    );
  const head = r.heads[0];
  const basis = head?.basis;
  const changes = basis && data && row >= 0 ? rowChanges(basis, data.table, row, { datasetName: data.manifest?.name ?? null, asOfDate: data.asOfDate }) : [];
  return (
    <div className="current" data-testid="review-current" data-status={r.decision.status} data-stale={changes.length > 0}>
      <p>
        {t('review.current')}：<strong>{t(`review.status.${r.decision.status}`)}</strong>
        {head && ` · ${t('review.by', { officer: head.officer, at: localTime(head.at) })}`}
      </p>
      {row < 0 && <p className="warn">{t('review.orphanNote')}</p>}
      {r.heads.length > 1 && <p className="warn">{t('review.problem.conflict', { heads: r.heads.length })}</p>}
      {changes.length > 0 && (
        <div className="warn" data-testid="review-stale">
          {t('review.madeOnOtherFacts')}：{changes.map((c) => changeText(t, c)).join('；')}
        </div>
      )}
    </div>
  );
}

function Notice() {
  const { t } = useTranslation();
  const n = useAppStore((s) => s.review.notice);
  let text = '';
  if (n?.kind === 'saved') text = t(n.memoryOnly ? 'review.savedMemoryOnly' : 'review.saved', { id: n.parcelId, status: t(`review.status.${n.status}`) });
  else if (n?.kind === 'undone' || n?.kind === 'redone')
    text = t(`review.${n.kind}`, { id: n.parcelId, from: t(`review.status.${n.from}`), to: t(`review.status.${n.to}`) });
  else if (n?.kind === 'problems') text = n.problems.map((p) => problemText(t, p)).join('；');
  else if (n?.kind === 'imported')
    text = `${t('review.imported', { added: n.added, known: n.known, conflicts: n.conflicts })}${n.clashes ? `；${t('review.importClashes', { count: n.clashes })}` : ''}`;
  else if (n?.kind === 'import-failed') text = t('review.importFailed', { file: n.file, message: n.message });
  const bad = n?.kind === 'problems' || n?.kind === 'import-failed';
  return (
    <p className={bad ? 'review-notice bad' : 'review-notice'} role={bad ? 'alert' : 'status'} data-testid="review-notice" data-kind={n?.kind ?? ''}>
      {text}
    </p>
  );
}

function KeysHelp() {
  const { t } = useTranslation();
  return (
    <details className="keys" open>
      <summary>{t('review.keysTitle')}</summary>
      <ul>
        <li>
          <kbd>J</kbd>/<kbd>→</kbd> {t('review.keys.next')} · <kbd>K</kbd>/<kbd>←</kbd> {t('review.keys.prev')}
        </li>
        <li>
          <kbd>1</kbd>–<kbd>5</kbd> {t('review.keys.status')} · <kbd>Enter</kbd> {t('review.keys.save')}
        </li>
        <li>
          <kbd>Ctrl</kbd>+<kbd>Z</kbd> {t('review.keys.undo')} · <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> {t('review.keys.redo')}
        </li>
      </ul>
    </details>
  );
}
