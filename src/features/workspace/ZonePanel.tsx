import { useTranslation } from 'react-i18next';
import { muFromM2 } from '../../domain/units';
import { fmt, fmtPercent } from '../../i18n/format';
import { useAppStore } from '../../state/react';

/** Zones with their key figures; choosing one fits the map to it and scopes table, filters and legend. */
export function ZonePanel() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const zone = useAppStore((s) => s.filters.zone);
  const setZone = useAppStore((s) => s.setZone);
  const lang = useAppStore((s) => s.lang);
  if (!data) return null;
  return (
    <section className="panel-section" aria-labelledby="zones-h">
      <h2 id="zones-h">{t('ui.zones')}</h2>
      <ul className="zone-list">
        <li>
          <button type="button" className={zone == null ? 'zone active' : 'zone'} aria-pressed={zone == null} onClick={() => setZone(null)} data-zone="">
            <span className="zone-name">{t('ui.allZones')}</span>
            <span className="zone-figures">
              {t('ui.zoneFigures', { count: data.table.length, area: fmt(lang, muFromM2(data.summaries.reduce((s, z) => s + z.totalAreaM2, 0)), 0) })}
            </span>
          </button>
        </li>
        {data.zones.map((z) => {
          const s = data.summaries.find((x) => x.zoneId === z.id);
          return (
            <li key={z.id}>
              <button
                type="button"
                className={zone === z.id ? 'zone active' : 'zone'}
                aria-pressed={zone === z.id}
                onClick={() => setZone(z.id)}
                data-zone={z.id}
              >
                <span className="zone-name">{lang === 'zh' ? z.name : z.nameEn}</span>
                <span className="zone-figures">{t('ui.zoneFigures', { count: s?.parcelCount ?? 0, area: fmt(lang, muFromM2(s?.totalAreaM2 ?? 0), 0) })}</span>
                <span className="zone-figures">
                  {t('ui.intensityShort')} {fmt(lang, s?.intensityWanPerMu, 1)} {t('unit.wanPerMu')} · {t('ui.idleShare')} {fmtPercent(lang, s?.idleShare)} ·{' '}
                  {t('ui.lowShare')} {fmtPercent(lang, s?.lowEfficiencyShare)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
