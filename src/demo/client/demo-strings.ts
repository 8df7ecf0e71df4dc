import type { Locale, Localized } from '../../shared/locale.js';

/** The demo merchant page's own words, in both languages like everything users read. */
const STRINGS = {
  tagline: { en_US: 'a sample fintech using Cardveil', zh_CN: '使用 Cardveil 的示例金融科技商户' },
  title: { en_US: 'View your card', zh_CN: '查看您的卡片' },
  card: { en_US: 'Card', zh_CN: '卡片' },
  fields: { en_US: 'Details to allow', zh_CN: '允许查看的信息' },
  pan: { en_US: 'Card number', zh_CN: '卡号' },
  expiry: { en_US: 'Expiry', zh_CN: '有效期' },
  cvv: { en_US: 'CVV', zh_CN: '安全码' },
  pin: { en_US: 'PIN (physical card)', zh_CN: 'PIN（实体卡）' },
  transactions: { en_US: 'Recent transactions', zh_CN: '近期交易' },
  language: { en_US: 'Language', zh_CN: '语言' },
  show: { en_US: 'Show card', zh_CN: '显示卡片' },
  hosted: { en_US: 'Open in hosted mode (phone)', zh_CN: '以托管模式打开（手机）' },
  hint: {
    en_US: 'This page never sees card data: it lives in the Cardveil frame on another origin.',
    zh_CN: '本页面从不接触卡片数据：数据只存在于另一个源上的 Cardveil 框架中。',
  },
  yourCard: { en_US: 'Your card', zh_CN: '您的卡片' },
  revealAll: { en_US: 'Reveal all', zh_CN: '全部显示' },
  hideAll: { en_US: 'Hide all', zh_CN: '全部隐藏' },
  destroy: { en_US: 'Remove', zh_CN: '移除' },
  events: { en_US: 'Events the page receives', zh_CN: '页面收到的事件' },
  reactPage: { en_US: 'React page', zh_CN: 'React 页面' },
  scriptPage: { en_US: 'Script tag page', zh_CN: '脚本标签页面' },
  physical: { en_US: 'physical', zh_CN: '实体卡' },
  virtual: { en_US: 'virtual', zh_CN: '虚拟卡' },
  mintFailed: { en_US: 'Could not get a card view token', zh_CN: '无法获取卡片查看令牌' },
} satisfies Record<string, Localized>;

export type DemoStringKey = keyof typeof STRINGS;

export function demoText(key: DemoStringKey, locale: Locale): string {
  return STRINGS[key][locale];
}

export function isDemoStringKey(key: string): key is DemoStringKey {
  return Object.hasOwn(STRINGS, key);
}
