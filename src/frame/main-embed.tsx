// First import, first evaluated: key generation overlaps everything that follows.
import { frameKeyPair } from './boot/start-keypair.js';
import { renderFrame } from './app/render-frame.js';
import { createEmbedHost } from './bridge/embed-host.js';
import { mountPoint } from './boot/mount-point.js';

renderFrame(createEmbedHost(window, frameKeyPair), mountPoint());
