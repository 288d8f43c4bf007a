import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { parcelFigures, zoneFigures } from '../../state/keyFigures';
import { useAppStore } from '../../state/react';
import { stopText } from '../../state/tour/tourFile';
import { currentTour } from '../../state/tour/tourStore';
import { figureText } from './figureText';
import { useTourStore } from './tourContext';

/**
 * The print-ready list of the tour's stops with their key figures (each against its target where one is set), to
 * hand out at a site visit: printed through the browser (its dialog saves a PDF too), on its own A4 page box.
 */
const listeners = new Set<(on: boolean) => void>();

export function printFigureList(): void {
  for (const l of listeners) l(true);
  document.documentElement.classList.add('printing-figures');
  const done = () => {
    document.documentElement.classList.remove('printing-figures');
    for (const l of listeners) l(false);
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  setTimeout(() => window.print(), 50);
}

/** Mounted once: the list while it is printed. */
export function FigureListHost() {
  const [on, setOn] = useState(false);
  useEffect(() => {
    listeners.add(setOn);
    return () => {
      listeners.delete(setOn);
    };
  }, []);
  return on ? createPortal(<FigureList />, document.body) : null;
}

export function FigureList() {
  const { t } = useTranslation();
  const tour = useTourStore(currentTour);
  const data = useAppStore((s) => s.data);
  const lang = useAppStore((s) => s.lang);
  if (!data) return null;
  const m = data.manifest;
  const tourTitle = (lang === 'en' ? tour.titleEn || tour.title : tour.title) || t('tour.untitled');
  return (
    <article className="figure-list" data-testid="figure-list" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <header>
        <h1>{t('figureList.heading', { title: tourTitle })}</h1>
        <p>
          {m ? (lang === 'zh' ? m.name : m.nameEn) : ''} · {t('app.asOf')} {data.asOfDate}
          {m?.illustrative && <strong className="badge"> {t('app.illustrative')}</strong>}
        </p>
      </header>
      <table>
        <thead>
          <tr>
            <th>{t('figureList.number')}</th>
            <th>{t('figureList.stop')}</th>
            <th>{t('figureList.figures')}</th>
          </tr>
        </thead>
        <tbody>
          {tour.stops.map((s, i) => {
            const zone = data.zones.find((z) => z.id === s.zone);
            const figures = (s.kind === 'parcel' && s.parcel ? parcelFigures(data, s.parcel) : null) ?? zoneFigures(data, zone?.id ?? null) ?? [];
            const text = stopText(s, lang);
            return (
              <tr key={s.id}>
                <td>{i + 1}</td>
                <td>
                  <strong>{text.title}</strong>
                  <div className="figure-list-scope">
                    {[s.parcel, zone ? (lang === 'zh' ? zone.name : zone.nameEn) : s.kind === 'view' ? t('present.cityFigures') : '']
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                </td>
                <td>
                  <ul>
                    {figures.map((f) => {
                      const ft = figureText(f, lang, t);
                      return (
                        <li key={f.id}>
                          {t('figure.line', { label: ft.label, value: ft.unit ? `${ft.value} ${ft.unit}` : ft.value })}
                          {ft.target && (
                            <span className="figure-target">
                              {t('figure.paren', { text: ft.met == null ? ft.target : `${ft.target} · ${t(ft.met ? 'figure.met' : 'figure.unmet')}` })}
                            </span>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <footer>
        <p>{t('figureList.sources')}</p>
        {m?.illustrative && <p>{lang === 'zh' ? m.notice : m.noticeEn}</p>}
        <p>{t('figureList.printed', { at: new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') })}</p>
      </footer>
    </article>
  );
}
