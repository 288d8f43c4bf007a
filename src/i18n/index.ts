import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Lang, zh } from './resources';

/** i18next for the app, Chinese first; the CLI uses the same resources through plain.ts. */
export function initI18n(lang: Lang) {
  void i18next.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'zh',
    interpolation: { escapeValue: false }, // React escapes; strings are never set as HTML
    returnNull: false,
  });
  return i18next;
}

export { i18next };
