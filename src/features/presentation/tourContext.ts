import { createContext, createElement, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { TourState, TourStore } from '../../state/tour/tourStore';

/** The tour store for the views below a TourProvider (main.tsx makes it beside the app's store). */
const TourContext = createContext<TourStore | null>(null);

export function TourProvider({ store, children }: { store: TourStore; children: ReactNode }) {
  return createElement(TourContext.Provider, { value: store }, children);
}

export function useTourStoreApi(): TourStore {
  const store = useContext(TourContext);
  if (!store) throw new Error('useTourStore outside a TourProvider');
  return store;
}

export function useTourStore<T>(selector: (s: TourState) => T): T {
  return useStore(useTourStoreApi(), selector);
}
