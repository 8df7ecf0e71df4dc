/**
 * `cardveil/sdk` in the merchant package (scripts/build-package.ts). Bundled into the
 * merchant's own code, the SDK has no URL of its own to take the display origin from: its
 * `import.meta.url` would be the merchant's chunk, or a path on their build machine. So
 * `origin` is required here, by the type and by mount(), which refuses a missing one with
 * 1004 `origin`, where the script builds default to where they were loaded from.
 */
import { mount as mountDisplay, type CardDisplay, type MountOptions as ScriptMountOptions } from './index.js';

export { CardveilError, type CardveilErrorCode } from './index.js';
export type {
  Appearance,
  AppearanceUpdate,
  Callbacks,
  CardDisplay,
  CardField,
  CardSummary,
  DisplayError,
  FieldEvent,
  Locale,
  ReadyEvent,
  ResizeEvent,
} from './index.js';

export interface MountOptions extends ScriptMountOptions {
  /** the display server's origin, e.g. `https://cardveil.example` */
  origin: string;
}

/**
 * Mounts the display into `target` (a selector or an element), replacing one mounted there
 * before. Throws CardveilError 1004, naming the option, when the target or an option is invalid.
 */
export function mount(target: string | Element, options: MountOptions): CardDisplay {
  return mountDisplay(target, options);
}
