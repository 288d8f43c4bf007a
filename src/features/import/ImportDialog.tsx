import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_STEPS, type ImportStep } from '../../state/imports/slice';
import { useAppStore } from '../../state/react';
import { CheckStep } from './CheckStep';
import { FilesStep } from './FilesStep';
import { JoinStep } from './JoinStep';
import { MappingStep } from './MappingStep';
import { SaveStep } from './SaveStep';

/**
 * The import dialog: a modal <dialog> (the browser keeps focus in it; Escape closes it and cancels what is being read),
 * its steps as tabs one can go back to, the worker's progress with a cancel button, and why an import failed. Nothing
 * changes in the workspace until "Import" in the last step.
 */
export function ImportDialog() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.imports.dialog);
  const close = useAppStore((s) => s.closeImportDialog);
  const setStep = useAppStore((s) => s.setImportStep);
  const cancel = useAppStore((s) => s.cancelImport);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (el && !el.open) el.showModal();
  }, []);
  // the step's heading takes focus when the step changes (a screen reader says where one is)
  const step = d?.step;
  useEffect(() => {
    if (step) ref.current?.querySelector<HTMLElement>('.import-step h3')?.focus();
  }, [step]);
  if (!d) return null;

  const hasPreview = d.preview !== null;
  const enabled = (s: ImportStep) => s === 'files' || hasPreview;
  const at = IMPORT_STEPS.indexOf(d.step);
  const prev = IMPORT_STEPS[at - 1];
  const next = IMPORT_STEPS[at + 1];

  return (
    <dialog
      ref={ref}
      className="import-dialog"
      aria-labelledby="import-title"
      data-testid="import-dialog"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <header>
        <h2 id="import-title">{t('importUi.title')}</h2>
        <button type="button" onClick={close} data-testid="import-close">
          {t('importUi.close')}
        </button>
      </header>
      <div className="import-steps" role="tablist" aria-label={t('importUi.title')}>
        {IMPORT_STEPS.map((s, i) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={d.step === s}
            aria-controls="import-panel"
            disabled={!enabled(s)}
            onClick={() => setStep(s)}
            data-step={s}
          >
            {i + 1}. {t(`importUi.steps.${s}`)}
          </button>
        ))}
      </div>
      {d.busy && (
        <div className="import-busy" role="status" data-testid="import-busy">
          <span>{t(`importUi.reading.${d.busy.step}`, { done: d.busy.done, total: d.busy.total })}</span>
          <progress max={d.busy.total || 1} value={d.busy.done} />
          {d.busy.step !== 'store' && (
            <button type="button" onClick={cancel} data-testid="import-cancel">
              {t('importUi.cancel')}
            </button>
          )}
        </div>
      )}
      {d.failure && (
        <p className="import-failure" role="alert" data-testid="import-failure" data-kind={d.failure.kind}>
          {d.failure.kind === 'cancelled'
            ? t('importUi.cancelled')
            : d.failure.kind === 'too-large'
              ? t('importUi.tooLarge', { mb: d.failure.detail })
              : d.failure.kind === 'storage'
                ? t('importUi.storageFailed', { detail: d.failure.detail })
                : t('importUi.workerFailed', { detail: d.failure.detail })}
        </p>
      )}
      <section id="import-panel" className="import-step" role="tabpanel" data-testid={`import-step-${d.step}`}>
        {d.step === 'files' && <FilesStep />}
        {d.step === 'check' && <CheckStep />}
        {d.step === 'mapping' && <MappingStep />}
        {d.step === 'join' && <JoinStep />}
        {d.step === 'save' && <SaveStep />}
      </section>
      <footer>
        {prev && (
          <button type="button" onClick={() => setStep(prev)}>
            {t('importUi.back')}
          </button>
        )}
        <span className="spacer" />
        {next && (
          <button type="button" className="primary" disabled={!enabled(next) || d.busy !== null} onClick={() => setStep(next)} data-testid="import-next">
            {t('importUi.next')}
          </button>
        )}
      </footer>
    </dialog>
  );
}
