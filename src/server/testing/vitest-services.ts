import { ensureTestServices } from './services.js';

/**
 * Vitest global setup: the scaled-out tests need Redis and PostgreSQL on loopback. CI
 * starts them (`.ci/services start`); on a machine where they are installed but down,
 * this starts them the same way for the run and stops them after.
 */
export default ensureTestServices;
