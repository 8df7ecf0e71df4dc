import { describe, expect, it } from 'vitest';
import { findSecretsInLog, incompleteLog } from '../../../e2e/support/log-scan.js';

/**
 * The e2e suite's last word (e2e/support/global-teardown.ts) is a scan of the servers' log:
 * it must find each kind of secret, must not cry wolf over pino's own numbers, and must not
 * pass a log that cannot vouch for the run. Vitest runs only src/, so this lives here.
 */
const state = {
  merchant: { merchant_id: 'mch_1LJgfC7Fqq5Y7lM3', api_key: 'ak_38a99268657d3b9f', api_secret: 'sk_lVnLlGZEFb-qqhLmswn4dyoh' },
  secrets: {
    pans: ['4111111111111111', '378282246310005'],
    cvvs: ['947', '6021'],
    pins: ['592718'],
  },
};

// 1795697351033 passes the Luhn check, like a PAN: pino's `time` is not one
const line = (pid: number, fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: 1795697351033, pid, hostname: 'vm', ...fields });

/** A display server's whole life as server.ts and Fastify log it, with a demo server's lines between. */
const CLEAN = [
  line(23912, { msg: 'Server listening at http://127.0.0.1:4870' }),
  line(23912, { origin: 'http://127.0.0.1:4870', stores: 'sqlite', msg: 'Cardveil display server ready' }),
  line(23914, { msg: 'Server listening at http://127.0.0.1:4873' }),
  line(23912, {
    reqId: 'req-1',
    req: { method: 'POST', url: '/api/v1/pci/display/sessions', host: '127.0.0.1:4870', remoteAddress: '127.0.0.1' },
    msg: 'incoming request',
  }),
  line(23912, { reqId: 'req-1', res: { statusCode: 200 }, responseTime: 7.849281000000246, msg: 'request completed' }),
  line(23912, { audit: { action: 'exchange', outcome: 0, cardLast4: '1111', sessionId: 'ses_9470' }, msg: 'audit' }),
  line(23912, { signal: 'SIGTERM', msg: 'stopping' }),
].join('\n');

describe('the e2e log scan', () => {
  it('finds nothing in a clean log, pino’s own numbers included', () => {
    expect(findSecretsInLog(CLEAN, state)).toEqual([]);
  });

  it.each([
    ['a PAN', '{"msg":"card","value":"4111111111111111"}'],
    ['a PAN the run did not know, by its check digit', 'pan=5105105105105100'],
    ['a PAN grouped as the frame shows it', '{"msg":"copied","text":"4111 1111 1111 1111"}'],
    ['an Amex number grouped with hyphens', 'value 3782-822463-10005 seen'],
    ['a CVV as a whole number', '{"msg":"reveal","cvv":"947"}'],
    ['a PIN', 'pin 592718 shown'],
    ['a client access token', '"client_access_token":"cat_Ab3dEf6hIj9kLm2nOp5qRs8t"'],
    ['a merchant access token', 'Access-Token: mat_Zy1xWv4uTs7rQp0oNm3lKj6i'],
    ['the API secret', `{"secret":"${state.merchant.api_secret}"}`],
  ])('finds %s, naming its line', (_name, planted) => {
    const log = CLEAN.replace('\n', `\n${planted}\n`);
    expect(findSecretsInLog(log, state)).toEqual([`line 2: ${planted}`]);
  });

  it('lets the log vouch for the run when it holds the display server’s start, requests and stop', () => {
    expect(incompleteLog(CLEAN)).toEqual([]);
  });

  it.each([
    ['an empty log', '', 'the server log is empty'],
    ['a log without the display server', line(23914, { msg: 'Server listening at http://127.0.0.1:4873' }), 'no start'],
    [
      'a log without requests',
      CLEAN.split('\n')
        .filter((l) => !l.includes('request'))
        .join('\n'),
      'no request',
    ],
    [
      'requests of another server only',
      CLEAN.replaceAll('"pid":23912,"hostname":"vm","reqId"', '"pid":23914,"hostname":"vm","reqId"'),
      'no request',
    ],
    ['a log cut off before the stop', CLEAN.split('\n').slice(0, -1).join('\n'), 'ends before the display server stopped'],
    ['a log cut off mid-line', CLEAN.slice(0, CLEAN.lastIndexOf('stopping')), 'ends before the display server stopped'],
  ])('refuses %s', (_name, log, problem) => {
    expect(incompleteLog(log).join('\n')).toContain(problem);
  });
});
