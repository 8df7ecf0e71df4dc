// First import, first evaluated: key generation overlaps everything that follows.
import { frameKeyPair } from './boot/start-keypair.js';
import { renderFrame } from './app/render-frame.js';
import { createHostedHost } from './bridge/hosted-host.js';
import { mountPoint } from './boot/mount-point.js';

// createHostedHost strips the token from the URL before anything can make a request.
renderFrame(createHostedHost(window, frameKeyPair), mountPoint());
