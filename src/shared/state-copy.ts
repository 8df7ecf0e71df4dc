import type { Locale, Localized } from './locale.js';

/**
 * What the cardholder reads in each state (shared/error-codes.md, "What the display
 * page shows"): a plain sentence and the next step. The API's `msg` is for developers;
 * these are for people. Each entry is its own export so the SDK bundles only the two
 * it shows itself (1015 and the frame timeout).
 */
export interface StateCopy {
  title: string;
  detail: string;
  /**
   * The next step where no Retry or Reload button is offered (a hosted page, which cannot
   * fetch a fresh token; a parent without getClientAccessToken), for an entry whose
   * `detail` points at that button.
   */
  detailWithoutRetry?: string;
}

/** What the cardholder can do about an error state. */
export type StateAction = 'retry' | 'reload' | 'contact' | 'none';

type Entry = { action: StateAction; text: Localized<StateCopy> };

export const COPY_SYSTEM: Entry = {
  action: 'retry',
  text: {
    en_US: {
      title: 'Something went wrong',
      detail: 'We couldn’t load your card details. Please try again.',
      detailWithoutRetry: 'We couldn’t load your card details. Please open your card again in a moment.',
    },
    zh_CN: {
      title: '出了点问题',
      detail: '暂时无法加载卡片信息，请重试。',
      detailWithoutRetry: '暂时无法加载卡片信息，请稍后重新打开卡片。',
    },
  },
};
/** The transactions panel's system error: the card above it loaded, its list did not. */
export const COPY_TXN_SYSTEM: Entry = {
  action: 'retry',
  text: {
    en_US: {
      title: 'Transactions didn’t load',
      detail: 'We couldn’t load your transactions. Please try again.',
      detailWithoutRetry: 'We couldn’t load your transactions. Please choose the dates again in a moment.',
    },
    zh_CN: {
      title: '交易记录未能加载',
      detail: '暂时无法加载交易记录，请重试。',
      detailWithoutRetry: '暂时无法加载交易记录，请稍后重新选择日期。',
    },
  },
};
export const COPY_NETWORK: Entry = {
  action: 'retry',
  text: {
    en_US: {
      title: 'You seem to be offline',
      detail: 'Check your connection, then try again.',
      detailWithoutRetry: 'Check your connection, then open your card again.',
    },
    zh_CN: { title: '网络连接异常', detail: '请检查网络连接后重试。', detailWithoutRetry: '请检查网络连接后重新打开卡片。' },
  },
};
export const COPY_FRAME_TIMEOUT: Entry = {
  action: 'reload',
  text: {
    en_US: { title: 'Card details didn’t load', detail: 'The secure card view did not respond. Reload the page to try again.' },
    zh_CN: { title: '卡片信息未能加载', detail: '卡片信息没有响应，请刷新页面重试。' },
  },
};
/**
 * 1005: the device's clock is minutes or hours off. The frame corrects its timestamps from
 * the server's Date header and asks once more (display-client.ts), so this shows only where
 * that could not help. Set right, the clock lets a fresh view through.
 */
export const COPY_1005: Entry = {
  action: 'retry',
  text: {
    en_US: {
      title: 'Check your device’s date and time',
      detail: 'Your device’s clock is off. Set the date and time to automatic, then try again.',
      detailWithoutRetry: 'Your device’s clock is off. Set the date and time to automatic, then open your card again.',
    },
    zh_CN: {
      title: '请检查设备的日期和时间',
      detail: '设备时间不准确。请将日期和时间设为自动后重试。',
      detailWithoutRetry: '设备时间不准确。请将日期和时间设为自动后重新打开卡片。',
    },
  },
};
export const COPY_1013: Entry = {
  action: 'contact',
  text: {
    en_US: {
      title: 'Card details can’t be shown here',
      detail: 'This service can’t display card details right now. Please contact the merchant.',
    },
    zh_CN: { title: '无法在此显示卡片信息', detail: '该服务目前无法展示卡片信息，请联系商户。' },
  },
};
export const COPY_1014: Entry = {
  action: 'reload',
  text: {
    en_US: {
      title: 'This view has expired',
      detail: 'For your security each view works once. Reload to open your card again.',
      detailWithoutRetry: 'For your security each view works once. Go back and open your card again.',
    },
    zh_CN: {
      title: '本次查看已失效',
      detail: '为保障安全，每次查看仅可使用一次。请刷新后重新查看卡片。',
      detailWithoutRetry: '为保障安全，每次查看仅可使用一次。请返回后重新打开卡片。',
    },
  },
};
export const COPY_1015: Entry = {
  action: 'contact',
  text: {
    en_US: {
      title: 'This site isn’t allowed to show card details',
      detail: 'Open your card from the merchant’s official app or website.',
    },
    zh_CN: { title: '此网站无权显示卡片信息', detail: '请通过商户的官方 App 或网站查看卡片。' },
  },
};
export const COPY_1016: Entry = {
  action: 'contact',
  text: {
    en_US: {
      title: 'This page is misconfigured',
      detail: 'Card details can’t be shown on this page. Please contact the merchant.',
    },
    zh_CN: { title: '页面配置有误', detail: '此页面无法显示卡片信息，请联系商户。' },
  },
};
export const COPY_1017: Entry = {
  action: 'reload',
  text: {
    en_US: {
      title: 'Security check failed',
      detail: 'This request was already used. Reload to continue.',
      detailWithoutRetry: 'This request was already used. Open your card again to continue.',
    },
    zh_CN: {
      title: '安全校验未通过',
      detail: '该请求已被使用，请刷新后继续。',
      detailWithoutRetry: '该请求已被使用，请重新打开卡片后继续。',
    },
  },
};
export const COPY_1018: Entry = {
  action: 'none',
  text: {
    en_US: {
      title: 'Open your card from the merchant',
      detail: 'Card details can only be shown inside the merchant’s app or website.',
    },
    zh_CN: { title: '请从商户处打开卡片', detail: '卡片信息只能在商户的 App 或网站内查看。' },
  },
};
export const COPY_1019: Entry = {
  action: 'none',
  text: {
    en_US: { title: 'Check the dates', detail: 'The end date can’t be before the start date.' },
    zh_CN: { title: '请检查日期', detail: '结束日期不能早于开始日期。' },
  },
};
export const COPY_1020: Entry = {
  action: 'none',
  text: {
    en_US: { title: 'Choose a shorter range', detail: 'You can view up to 90 days of transactions at a time.' },
    zh_CN: { title: '请缩短日期范围', detail: '每次最多可查看 90 天内的交易。' },
  },
};
export const COPY_4009: Entry = {
  action: 'none',
  text: {
    en_US: { title: 'No transactions', detail: 'There are no transactions in these dates. Try a longer range.' },
    zh_CN: { title: '暂无交易', detail: '所选日期内没有交易记录，可尝试扩大日期范围。' },
  },
};
export const COPY_1009: Entry = {
  action: 'retry',
  text: {
    en_US: {
      title: 'Too many attempts',
      detail: 'Please wait a moment, then try again.',
      detailWithoutRetry: 'Please wait a moment, then open your card again.',
    },
    zh_CN: { title: '操作过于频繁', detail: '请稍候片刻再重试。', detailWithoutRetry: '请稍候片刻，再重新打开卡片。' },
  },
};
export const COPY_MERCHANT: Entry = {
  action: 'contact',
  text: {
    en_US: {
      title: 'Card details are unavailable',
      detail: 'This merchant can’t show card details right now. Please contact the merchant.',
    },
    zh_CN: { title: '暂时无法查看卡片信息', detail: '该商户目前无法展示卡片信息，请联系商户。' },
  },
};
export const COPY_CARD_STATUS: Entry = {
  action: 'contact',
  text: {
    en_US: { title: 'This card can’t be shown', detail: 'The card is not active. Please contact the merchant.' },
    zh_CN: { title: '无法显示此卡片', detail: '该卡片当前不可用，请联系商户。' },
  },
};
/**
 * 4017 from the exchange: the token grants the PIN, and the card has none to show (removed
 * since the mint). A fresh view asks for the PIN again and fails the same way.
 */
export const COPY_4017: Entry = {
  action: 'contact',
  text: {
    en_US: { title: 'PIN isn’t available', detail: 'This card has no PIN to show. Please contact the merchant.' },
    zh_CN: { title: 'PIN 不可用', detail: '此卡片没有可显示的 PIN，请联系商户。' },
  },
};
export const COPY_4015: Entry = {
  action: 'retry',
  text: {
    en_US: {
      title: 'PIN can’t be shown',
      detail: 'We couldn’t unlock your PIN securely. Try again to load a fresh view.',
      detailWithoutRetry: 'We couldn’t unlock your PIN securely. Open your card again to load a fresh view.',
    },
    zh_CN: {
      title: '无法显示 PIN',
      detail: '无法安全读取 PIN，请重试以重新加载卡片。',
      detailWithoutRetry: '无法安全读取 PIN，请重新打开卡片。',
    },
  },
};
export const COPY_4019: Entry = {
  action: 'retry',
  text: {
    en_US: {
      title: 'Card details can’t be shown',
      detail: 'We couldn’t unlock your card details securely. Try again to load a fresh view.',
      detailWithoutRetry: 'We couldn’t unlock your card details securely. Open your card again to load a fresh view.',
    },
    zh_CN: {
      title: '无法显示卡片信息',
      detail: '无法安全读取卡片信息，请重试以重新加载卡片。',
      detailWithoutRetry: '无法安全读取卡片信息，请重新打开卡片。',
    },
  },
};
export const COPY_EXPIRED: Entry = {
  action: 'reload',
  text: {
    en_US: {
      title: 'Your session has ended',
      detail: 'Card details are hidden again for your security. Reload to view them again.',
      detailWithoutRetry: 'Card details are hidden again for your security. Open your card again to view them.',
    },
    zh_CN: {
      title: '本次查看已结束',
      detail: '为保障安全，卡片信息已再次隐藏。请刷新后重新查看。',
      detailWithoutRetry: '为保障安全，卡片信息已再次隐藏。请重新打开卡片查看。',
    },
  },
};

/**
 * 1004 (a request the server could not read) and 1012 (a token minted for the other
 * integration mode) are the integration's to fix, like 1016: a fresh view would fail the
 * same way, so they read as a misconfigured page, not as a system error to retry.
 */
const BY_CODE: Record<number, Entry> = {
  1001: COPY_SYSTEM,
  1004: COPY_1016,
  1005: COPY_1005,
  1009: COPY_1009,
  1012: COPY_1016,
  1013: COPY_1013,
  1014: COPY_1014,
  1015: COPY_1015,
  1016: COPY_1016,
  1017: COPY_1017,
  1018: COPY_1018,
  1019: COPY_1019,
  1020: COPY_1020,
  1021: COPY_MERCHANT,
  1022: COPY_MERCHANT,
  4004: COPY_CARD_STATUS,
  4005: COPY_CARD_STATUS,
  4009: COPY_4009,
  4015: COPY_4015,
  4017: COPY_4017,
  4019: COPY_4019,
};

/** The cardholder's copy for an error code; unknown codes read as a system error. */
export function stateCopyFor(code: number): Entry {
  return BY_CODE[code] ?? COPY_SYSTEM;
}

export function copyText(entry: Entry, locale: Locale): StateCopy {
  return entry.text[locale];
}
