// i18n slice: the UI language, switchable at run time.
import type { StateCreator } from 'zustand';
import { langFromLocale, type Lang } from '../i18n';
import type { Store } from './index';

export interface I18nSlice {
  lang: Lang;
  setLang(lang: Lang): void;
}

export const createI18nSlice: StateCreator<Store, [], [], I18nSlice> = (set) => ({
  lang: langFromLocale(typeof navigator === 'undefined' ? undefined : navigator.language),
  setLang: (lang) => {
    document.documentElement.lang = lang;
    set({ lang });
  },
});
