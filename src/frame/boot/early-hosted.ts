/**
 * The hosted page's early script, first in its <head> (vite.config.ts): the token leaves
 * the address bar at once (DESIGN §6), not once the app has loaded, and the key generation
 * starts. hosted-host.ts takes the token over.
 *
 * The page's language and title follow the fragment's locale from here, before the first
 * paint: the server wrote them from the query, as it cannot see the fragment, and the app
 * sets them only after its own first render. hosted.html puts its <title> before this
 * script, so that there is one to rename.
 */
import { applyDocumentLocale } from '../app/document-locale.js';
import { hostedLocale, takeHostedFragment } from '../bridge/hosted-fragment.js';
import { startEarlyKeyGeneration } from './early-keygen.js';
import { parkEarly } from './early-slots.js';

const fragment = takeHostedFragment(window);
parkEarly('fragment', fragment);
startEarlyKeyGeneration();
applyDocumentLocale(document, hostedLocale(fragment, window));
