/**
 * The hosted page's early script, first in its <head> (vite.config.ts): the token leaves
 * the address bar at once (DESIGN §6), not once the app has loaded (nor stays there when a
 * later one arrives in the fragment alone), and the key generation starts, unless the server
 * refused the load (shared/page-refusal.ts). hosted-host.ts takes the token over.
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
import { readPageRefusal } from '../../shared/page-refusal.js';

const fragment = takeHostedFragment(window);
// A web view told to load another hosted URL that differs from this page's only in its
// fragment navigates within this document: nothing would take the new token, and it would
// stay in the address bar. Loaded anew, the page takes it as on a first load.
window.addEventListener('hashchange', () => {
  if (new URLSearchParams(window.location.hash.slice(1)).has('token')) window.location.reload();
});
parkEarly('fragment', fragment);
// A load the server refused exchanges nothing: a phone without WebCrypto would otherwise
// spend seconds searching for primes on a page that only says "try again later".
if (readPageRefusal(document) === undefined) startEarlyKeyGeneration();
applyDocumentLocale(document, hostedLocale(fragment, window));
