/**
 * The hosted page's early script, first in its <head> (vite.config.ts): the token leaves
 * the address bar at once (DESIGN §6), not once the app has loaded, and the key generation
 * starts. hosted-host.ts takes the token over.
 */
import { takeHostedFragment } from '../bridge/hosted-fragment.js';
import { startEarlyKeyGeneration } from './early-keygen.js';
import { parkEarly } from './early-slots.js';

parkEarly('fragment', takeHostedFragment(window));
startEarlyKeyGeneration();
