import { isScaledOut, loadConfig } from './config.js';
import { ConfigError } from '../shared/config-error.js';
import { openStores } from './stores/open.js';
import { buildApp } from './app.js';
import { createLogger } from './logger.js';
import { createInFlight } from './http/in-flight.js';

/** The process: configuration, store, app, listen, and a clean stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  // Only the SQLite store has a commit thread to spare a lone request; Redis and PostgreSQL
  // are written over the network either way.
  const inFlight = isScaledOut(config) ? undefined : createInFlight();
  const stores = await openStores(config, {
    // An outage is logged once when it starts and once when it ends; requests meanwhile get 1001.
    onStoreEvent: (e) =>
      e.state === 'down'
        ? log.warn({ store: e.store, err: e.error }, 'store unreachable')
        : log.info({ store: e.store }, 'store back'),
    commitThread: true,
    commitInline: inFlight && (() => inFlight.count() <= 1),
  });
  const app = await buildApp({ config, stores, logger: log, inFlight });
  const purge = setInterval(() => {
    stores.ephemeral.purgeExpired(Date.now()).catch((err: Error) => app.log.warn({ err: err.message }, 'purge failed'));
  }, 60_000);
  purge.unref();

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping');
    clearInterval(purge);
    await app.close();
    await stores.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  const family = isScaledOut(config) ? 'redis+postgres' : 'sqlite';
  app.log.info({ origin: config.PUBLIC_ORIGIN, stores: family }, 'Cardveil display server ready');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Cardveil failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
