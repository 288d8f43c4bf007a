import { createContext, createElement, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './store';

/** The app's store for the views below a StoreProvider (main.tsx gives it the worker's client; tests their own). */
const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

/** The store itself, for effects that read it outside rendering (getState) or use its client and commands. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside a StoreProvider');
  return store;
}

/** A slice of the app's state; the component renders again when the slice changes. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStoreApi().api, selector);
}
