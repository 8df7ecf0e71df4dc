import type { Appearance, AppearanceUpdate } from '../shared/appearance.js';

/**
 * The update() that takes a display from the `previous` appearance prop to the `next` one.
 * update() merges, so a token the new prop no longer has is sent as `null` (back to the
 * frame's default); otherwise toggling `{theme:'dark', colorBackground:'#000'}` to
 * `{theme:'light'}` would keep the black background.
 */
export function appearanceChange(previous: Appearance | undefined, next: Appearance | undefined): AppearanceUpdate {
  const change: Record<string, unknown> = {};
  for (const key of Object.keys(previous ?? {})) change[key] = null;
  return { ...change, ...next } as AppearanceUpdate;
}
