// The full page (/hosted). bootFrame's module starts the key pair before anything else runs;
// createHostedHost strips the token from the URL before anything can make a request.
import { bootFrame } from './boot/boot-frame.js';
import { createHostedHost } from './bridge/hosted-host.js';

bootFrame(createHostedHost);
