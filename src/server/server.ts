import { ConfigError, loadConfig } from './config.js';
import { resolveDataKey } from './crypto/data-key.js';
import { createSqliteStores } from './stores/sqlite/index.js';
import { buildApp } from './app.js';

/** The process: configuration, store, app, listen, and a clean stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const stores = createSqliteStores(config.CARDVEIL_DB, resolveDataKey(config.CARDVEIL_DATA_KEY, config.CARDVEIL_DB));
  const app = await buildApp({ config, stores });
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
  app.log.info({ origin: config.PUBLIC_ORIGIN }, 'Cardveil display server ready');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Cardveil failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
