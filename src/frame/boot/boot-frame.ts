// First import, so first evaluated: the key pair starts generating before forge and React load.
import { frameKeyPair } from './start-keypair.js';
import { renderFrame } from '../app/render-frame.js';
import type { FrameHost } from '../bridge/frame-host.js';
import type { FrameKeyPair } from '../crypto/keypair.js';
import { markExchange, withStepMarks } from './step-marks.js';

/** Starts a page: its host (parent page or native app) first, then the app in #root. */
export function bootFrame(createHost: (win: Window, keyPair: Promise<FrameKeyPair>) => FrameHost): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('Cardveil frame: the page has no <div id="root">.');
  markExchange();
  renderFrame(withStepMarks(createHost(window, frameKeyPair)), root);
}
