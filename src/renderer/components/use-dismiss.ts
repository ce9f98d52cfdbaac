// Closes a popover (menu, panel) on a pointer press outside its anchor or on Escape: one copy for every menu.
import { useEffect, useRef } from 'react';

export function useDismiss(anchor: () => Element | null | undefined, dismiss: () => void, active = true): void {
  // The latest callbacks, read at event time, so the listeners are added once per activation, not per render.
  const latest = useRef({ anchor, dismiss });
  latest.current = { anchor, dismiss };
  useEffect(() => {
    if (!active) return;
    const onDown = (e: PointerEvent) => {
      const el = latest.current.anchor();
      if (el && !el.contains(e.target as Node)) latest.current.dismiss();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') latest.current.dismiss();
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [active]);
}
