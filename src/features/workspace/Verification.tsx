import type { SourceRef } from '../../domain/sources';
import type { Translate } from '../../state/columns';

/** How far a source's value was checked (checked against a published text, not checked, not found): a badge, its meaning in its title. */
export function Verification({ status, t }: { status: SourceRef['status']; t: Translate }) {
  return (
    <span className={`verify verify-${status}`} title={t(`verificationHint.${status}`)} data-verification={status}>
      {t(`verification.${status}`)}
    </span>
  );
}
