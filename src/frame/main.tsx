import { frameKeyPair } from './boot/start-keypair.js';
import { renderFrame } from './app/render-frame.js';
import { createEmbedHost } from './bridge/embed-host.js';
import { createHostedHost } from './bridge/hosted-host.js';
import { mountPoint } from './boot/mount-point.js';

renderFrame((document.body.classList.contains('cv-hosted') ? createHostedHost : createEmbedHost)(window, frameKeyPair), mountPoint());
