/**
 * A setting the process cannot start with: said in one sentence per variable, naming it,
 * and never with a stack trace (the server's, the demo's and the admin CLI's alike).
 */
export class ConfigError extends Error {}

/** The error for the variables that cannot be used, one `NAME: what is wrong` line each. */
export const invalidConfiguration = (...lines: string[]): ConfigError =>
  new ConfigError(`Invalid configuration:\n${lines.map((line) => `  ${line}`).join('\n')}`);

export const PORT_RULE = 'must be a port number, 1 to 65535';

/**
 * A TCP port as a variable writes it: digits only, 1 to 65535, so that an empty value (a `.env`
 * line left blank) is refused rather than read as 0, a random port.
 */
export function parsePort(text: string): number | undefined {
  const port = /^[1-9][0-9]{0,4}$/.test(text) ? Number(text) : 0;
  return port >= 1 && port <= 65535 ? port : undefined;
}
