/**
 * The embed page's early script: a classic script, first in its <head> (vite.config.ts),
 * so it runs while the HTML is parsed. The key generation and the handshake with the
 * parent page both start here. On a cold load the app's modules take 150–250 ms to arrive
 * and run; `init`, and with it the token, is in by then instead of being asked for only
 * afterwards. The app takes both over (start-keygen.ts, embed-host.ts), or starts them
 * itself where this never ran.
 */
import { embedFrameId, startParentHandshake } from '../bridge/parent-handshake.js';
import { parkHandshake } from './park-handshake.js';
import { startEarlyKeyGeneration } from './early-keygen.js';
import { markStep } from './marks.js';
import { readPageRefusal } from '../../shared/page-refusal.js';

// A load the server refused exchanges nothing (shared/page-refusal.ts): it makes no key.
if (readPageRefusal(document) === undefined) startEarlyKeyGeneration();
const frame = embedFrameId(window);
// A page that cannot shake hands parks nothing: the app shows its 1018 itself.
if ('frameId' in frame) {
  parkHandshake((settle) =>
    startParentHandshake(window, frame.frameId, (verdict) => {
      if (verdict.kind === 'accept') markStep('init-received');
      settle(verdict);
    }),
  );
}
