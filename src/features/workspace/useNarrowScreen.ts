import { useSyncExternalStore } from 'react';

/** Below this width the panels become drawers over a full-width map (styles.css has the same breakpoint). */
export const NARROW_MAX_PX = 699;
const QUERY = `(max-width: ${NARROW_MAX_PX}px)`;

const subscribe = (onChange: () => void) => {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
};

/** Whether the window is narrow (a phone held upright); follows resizes and rotation. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}
