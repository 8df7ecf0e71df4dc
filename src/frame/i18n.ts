import type { TransactionStatus } from '../shared/api.js';
import type { CardField, CardType } from '../shared/fields.js';
import { FRAME_TITLE, type Locale, type Localized } from '../shared/locale.js';

/**
 * Every string of the frame's own UI, in both languages. `Localized<Messages>` makes a
 * missing translation a compile error. Error and expiry copy lives in shared/state-copy.ts,
 * which the SDK reads too.
 */
export interface Messages {
  /** document title */
  title: string;
  /** field labels, as printed above each value */
  label: Record<CardField, string>;
  /** the field as a noun inside a sentence ("Show card number") */
  noun: Record<CardField, string>;
  show(noun: string): string;
  hide(noun: string): string;
  copy(noun: string): string;
  /** live-region announcements; `label` is the field's label */
  shown(label: string): string;
  hidden(label: string): string;
  copiedField(label: string): string;
  allShown: string;
  allHidden: string;
  /** said shortly before the session ends */
  endingSoon(seconds: number): string;
  copied: string;
  copyFailed: string;
  /** what to do instead when a copy failed: `noun` is the field's, `shown` whether its value is */
  copyByHand(noun: string, shown?: boolean): string;
  /** screen-reader text next to a masked value */
  masked: string;
  maskedPan(last4: string): string;
  cardType: Record<CardType, string>;
  brand: Record<KnownBrand, string>;
  loading: string;
  /** under the skeleton, and said once, when a load has taken SLOW_LOAD_MS */
  slowLoad: string;
  /** the same where a fresh view can be asked for: a Retry button follows it */
  slowLoadRetry: string;
  errorCode(code: number): string;
  retry: string;
  /** Retry's face while a 1009 asks the cardholder to wait */
  retryIn(seconds: number): string;
  reload: string;
  close: string;
  /** the transactions panel; its error and empty states are in shared/state-copy.ts */
  txn: {
    title: string;
    /** the group of range buttons */
    range: string;
    last7: string;
    last30: string;
    custom: string;
    from: string;
    to: string;
    apply: string;
    loading: string;
    more: string;
    /** said when "Load more" brought `count` rows */
    loaded(count: number): string;
    status: Record<TransactionStatus, string>;
  };
}

export const KNOWN_BRANDS = ['visa', 'mastercard', 'amex', 'unionpay', 'discover', 'jcb'] as const;
export type KnownBrand = (typeof KNOWN_BRANDS)[number];

/** Joins Chinese and Latin text the way Chinese typography does: a space between them. */
function zh(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) !== /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}

export const MESSAGES: Localized<Messages> = {
  en_US: {
    title: FRAME_TITLE.en_US,
    label: { pan: 'Card number', expiry: 'Expiry', cvv: 'CVV', pin: 'PIN' },
    noun: { pan: 'card number', expiry: 'expiry date', cvv: 'CVV', pin: 'PIN' },
    show: (n) => `Show ${n}`,
    hide: (n) => `Hide ${n}`,
    copy: (n) => `Copy ${n}`,
    shown: (l) => `${l} shown`,
    hidden: (l) => `${l} hidden`,
    copiedField: (l) => `${l} copied`,
    allShown: 'Card details shown',
    allHidden: 'Card details hidden',
    endingSoon: (s) => `For your security, card details will be hidden in ${s} second${s === 1 ? '' : 's'}`,
    copied: 'Copied',
    copyFailed: 'Couldn’t copy',
    copyByHand: (n, shown) => (shown ? `Copy the ${n} by hand.` : `Show the ${n} to copy it by hand.`),
    masked: 'Hidden',
    maskedPan: (d) => `Hidden, ending in ${d}`,
    cardType: { virtual: 'Virtual card', physical: 'Physical card' },
    brand: {
      visa: 'Visa',
      mastercard: 'Mastercard',
      amex: 'American Express',
      unionpay: 'UnionPay',
      discover: 'Discover',
      jcb: 'JCB',
    },
    loading: 'Loading card details…',
    slowLoad: 'This is taking longer than usual…',
    slowLoadRetry: 'This is taking longer than usual. You can keep waiting, or try again.',
    errorCode: (c) => `Error code ${c}`,
    retry: 'Try again',
    retryIn: (s) => `Try again in ${s} s`,
    reload: 'Reload',
    close: 'Close',
    txn: {
      title: 'Recent transactions',
      range: 'Date range',
      last7: 'Last 7 days',
      last30: 'Last 30 days',
      custom: 'Custom',
      from: 'From',
      to: 'To',
      apply: 'Show',
      loading: 'Loading transactions…',
      more: 'Load more',
      loaded: (n) => (n === 1 ? '1 more transaction' : `${n} more transactions`),
      status: { pending: 'Pending', completed: 'Completed', declined: 'Declined', refunded: 'Refunded' },
    },
  },
  zh_CN: {
    title: FRAME_TITLE.zh_CN,
    label: { pan: '卡号', expiry: '有效期', cvv: '安全码', pin: 'PIN' },
    noun: { pan: '卡号', expiry: '有效期', cvv: '安全码', pin: 'PIN' },
    show: (n) => zh('显示', n),
    hide: (n) => zh('隐藏', n),
    copy: (n) => zh('复制', n),
    shown: (l) => zh(l, '已显示'),
    hidden: (l) => zh(l, '已隐藏'),
    copiedField: (l) => zh(l, '已复制'),
    allShown: '卡片信息已显示',
    allHidden: '卡片信息已隐藏',
    endingSoon: (s) => `为保障安全，卡片信息将在 ${s} 秒后隐藏`,
    copied: '已复制',
    copyFailed: '复制失败',
    copyByHand: (n, shown) => (shown ? `${zh('请手动复制', n)}。` : zh(zh('请显示', n), '后手动复制。')),
    masked: '已隐藏',
    maskedPan: (d) => `已隐藏，尾号 ${d}`,
    cardType: { virtual: '虚拟卡', physical: '实体卡' },
    brand: {
      visa: 'Visa',
      mastercard: '万事达卡',
      amex: '美国运通',
      unionpay: '银联',
      discover: 'Discover',
      jcb: 'JCB',
    },
    loading: '正在加载卡片信息……',
    slowLoad: '加载时间比平时长，请稍候……',
    slowLoadRetry: '加载时间比平时长。您可以继续等待，或点击重试。',
    errorCode: (c) => `错误代码 ${c}`,
    retry: '重试',
    retryIn: (s) => `${s} 秒后重试`,
    reload: '刷新',
    close: '关闭',
    txn: {
      title: '近期交易',
      range: '日期范围',
      last7: '近 7 天',
      last30: '近 30 天',
      custom: '自定义',
      from: '开始日期',
      to: '结束日期',
      apply: '查询',
      loading: '正在加载交易……',
      more: '加载更多',
      loaded: (n) => `又加载了 ${n} 笔交易`,
      status: { pending: '处理中', completed: '已完成', declined: '已拒绝', refunded: '已退款' },
    },
  },
};

export function messagesFor(locale: Locale): Messages {
  return MESSAGES[locale];
}

/** A brand the catalog knows, by name; anything else as the server spelled it. */
export function brandName(t: Messages, brand: string): string {
  const key = brand.toLowerCase();
  return (KNOWN_BRANDS as readonly string[]).includes(key) ? t.brand[key as KnownBrand] : brand;
}
