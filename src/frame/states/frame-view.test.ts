import { describe, expect, it } from 'vitest';
import { DisplayFailure } from '../api/display-failure.js';
import type { HostState } from '../bridge/frame-host.js';
import type { CardViewState } from '../display/card-view.js';
import { deriveFrameView } from './frame-view.js';
import { displayError, entryFor, nextStep } from './state-entry.js';

const host: HostState = {
  phase: 'started',
  request: { token: 'tok_abcdefghijklmnop', mode: 'hosted' },
  locale: 'en_US',
  appearance: {},
  autoHideSeconds: 30,
  canRefresh: false,
};
const card: CardViewState = { status: 'ready', revealed: {}, fieldErrors: {}, copy: {}, announcement: null, ending: false };
const pending = { status: 'pending' as const };

describe('the frame state', () => {
  it('loads while waiting for init, then while exchanging', () => {
    expect(deriveFrameView({ ...host, phase: 'waiting' }, pending, null)).toEqual({ state: 'loading' });
    expect(deriveFrameView(host, pending, null)).toEqual({ state: 'loading' });
  });

  it('shows a host failure before anything else', () => {
    const failed: HostState = { ...host, phase: 'failed', failure: { code: 1018, reason: 'not_framed' } };
    expect(deriveFrameView(failed, pending, null)).toEqual({ state: 'error', code: 1018, reason: 'not_framed' });
    // a load the server refused over its limit: the wait goes with it, for Retry to count down
    const refused: HostState = { ...host, phase: 'failed', failure: { code: 1009, reason: 'page_refused', retryAfter: 42 } };
    expect(deriveFrameView(refused, pending, null)).toEqual({
      state: 'error',
      code: 1009,
      reason: 'page_refused',
      retryAfter: 42,
    });
  });

  it('shows the exchange error code, 1001 for anything unexpected', () => {
    const error = new DisplayFailure(1015);
    expect(deriveFrameView(host, { status: 'error', error }, null)).toEqual({ state: 'error', code: 1015 });
    expect(deriveFrameView(host, { status: 'error', error: new Error('x') }, null)).toEqual({ state: 'error', code: 1001 });
  });

  it('carries a 1009’s wait to the notice', () => {
    const error = new DisplayFailure(1009, undefined, 42);
    expect(deriveFrameView(host, { status: 'error', error }, null)).toEqual({ state: 'error', code: 1009, retryAfter: 42 });
  });

  it('follows the card view: ready, expired, 4019', () => {
    const ok = { status: 'success' as const };
    expect(deriveFrameView(host, ok, card)).toEqual({ state: 'ready' });
    expect(deriveFrameView(host, ok, { ...card, status: 'expired' })).toEqual({ state: 'expired' });
    expect(deriveFrameView(host, ok, { ...card, status: 'error', errorCode: 4019 })).toEqual({ state: 'error', code: 4019 });
  });
});

describe('the error the parent learns', () => {
  it('reads a network failure as offline, in the chosen language', () => {
    expect(displayError(1001, 'zh_CN', 'network')).toEqual({
      code: 1001,
      message: '网络连接异常',
      locale: 'zh_CN',
      reason: 'network',
      retryable: true,
    });
  });

  it('marks states a fresh view cannot fix as not retryable', () => {
    expect(displayError(1015, 'en_US').retryable).toBe(false);
    expect(displayError(1014, 'en_US').retryable).toBe(true);
  });

  it.each([1004, 1012])('reads %i from the exchange as a page to fix, for the merchant to hear of, not a retry', (code) => {
    expect(entryFor(code).action).toBe('contact');
    expect(displayError(code, 'en_US')).toMatchObject({ code, message: 'This page is misconfigured', retryable: false });
    expect(displayError(code, 'zh_CN').message).toBe('页面配置有误');
  });

  it('reads 4017 (the PIN granted, and gone from the card) as one for the merchant, not a retry', () => {
    expect(entryFor(4017).action).toBe('contact');
    expect(displayError(4017, 'en_US')).toMatchObject({ code: 4017, message: 'PIN isn’t available', retryable: false });
    expect(displayError(4017, 'zh_CN').message).toBe('PIN 不可用');
  });

  it('reads 1005 as a device clock to set right, not as a system error', () => {
    expect(displayError(1005, 'en_US')).toMatchObject({ message: 'Check your device’s date and time', retryable: true });
    expect(nextStep(entryFor(1005).text.zh_CN, false)).toBe('设备时间不准确。请将日期和时间设为自动后重新打开卡片。');
  });
});
