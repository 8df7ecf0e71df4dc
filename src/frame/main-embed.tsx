// The iframe page (/embed). bootFrame's module starts the key pair before anything else runs.
import { bootFrame } from './boot/boot-frame.js';
import { createEmbedHost } from './bridge/embed-host.js';

bootFrame(createEmbedHost);
