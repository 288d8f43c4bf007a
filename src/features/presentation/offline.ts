import { registerSW } from 'virtual:pwa-register';
import { useSyncExternalStore } from 'react';

/**
 * Offline use: the service worker (vite.config.ts, Workbox) is registered from a file of the app's origin; once it
 * has stored the app and the datasets built with it, the page says so ("可离线使用"), and from then on the app opens
 * and presents with no network. `unsupported`: the page is not served over http(s) or the browser has no service
 * workers (the app works, online only).
 */
export type OfflineStatus = 'unsupported' | 'installing' | 'ready' | 'failed';

let status: OfflineStatus = 'unsupported';
const listeners = new Set<() => void>();
const set = (s: OfflineStatus) => {
  status = s;
  for (const l of listeners) l();
};

export function registerOffline(): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(window.location.protocol)) return;
  set(navigator.serviceWorker.controller ? 'ready' : 'installing');
  void registerSW({
    immediate: true,
    onOfflineReady: () => set('ready'),
    onRegisterError: () => set('failed'),
    // a new version took over (deployed, or installed by another tab): the page is NOT reloaded for it (the plugin's
    // default), since a reload would drop what the officer has not stored yet (a decision kept in memory when storage
    // refused it, a form half filled); the new version runs from the next visit on
    onNeedReload: () => set('ready'),
  });
}

export function useOfflineStatus(): OfflineStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => status,
  );
}
