import type { Locale, Localized } from './locale.js';

/** 1004 on its own, for the frame, which reports it without carrying the whole table. */
export const INVALID_PARAMETER: Localized = { en_US: 'Invalid request parameter', zh_CN: '请求参数无效' };

/**
 * The platform's error table (API manual, section 9). The English texts are the
 * manual's, verbatim: merchants match on them. They are for developers; the frame
 * shows cardholders the plainer sentences of `state-copy.ts`.
 */
export const ERROR_MESSAGES = {
  0: { en_US: 'Success', zh_CN: '成功' },
  1001: { en_US: 'System error, please try again later', zh_CN: '系统错误，请稍后重试' },
  1002: { en_US: 'Api-Key is required', zh_CN: '缺少 Api-Key' },
  1003: { en_US: 'IP address not allowed', zh_CN: 'IP 地址不被允许' },
  1004: INVALID_PARAMETER,
  1005: { en_US: 'Timestamp invalid or expired', zh_CN: '时间戳无效或已过期' },
  1006: { en_US: 'Access-Token is required', zh_CN: '缺少 Access-Token' },
  1007: { en_US: 'Access-Token invalid or expired', zh_CN: 'Access-Token 无效或已过期' },
  1008: { en_US: 'Api-Key does not exist', zh_CN: 'Api-Key 不存在' },
  1009: { en_US: 'Operation too frequent, please try again later', zh_CN: '操作过于频繁，请稍后再试' },
  1010: { en_US: 'Api-Key is not enabled', zh_CN: 'Api-Key 未启用' },
  1011: { en_US: 'Api-Key has expired', zh_CN: 'Api-Key 已过期' },
  1012: { en_US: 'Merchant integration mode not supported', zh_CN: '不支持该商户接入模式' },
  1013: { en_US: 'PCI sensitive card display is not enabled', zh_CN: '未开通 PCI 敏感卡信息展示' },
  1014: { en_US: 'Client-Access-Token invalid or already used', zh_CN: 'Client-Access-Token 无效或已被使用' },
  1015: { en_US: 'Parent page Origin not in whitelist', zh_CN: '父页面 Origin 不在白名单中' },
  1016: { en_US: 'Request Origin does not match hosted configuration', zh_CN: '请求 Origin 与托管配置不匹配' },
  1017: { en_US: 'Request replay or nonce already used', zh_CN: '请求重放或 nonce 已被使用' },
  1018: { en_US: 'Sec-Fetch validation failed', zh_CN: 'Sec-Fetch 校验失败' },
  1019: { en_US: 'Query end time must be after start time', zh_CN: '查询结束时间必须晚于开始时间' },
  1020: { en_US: 'Query time range exceeds the allowed limit', zh_CN: '查询时间范围超出允许上限' },
  1021: { en_US: 'Merchant does not exist', zh_CN: '商户不存在' },
  1022: { en_US: 'Merchant status is abnormal, please contact administrator', zh_CN: '商户状态异常，请联系管理员' },
  2001: { en_US: 'Cardholder already exists', zh_CN: '持卡人已存在' },
  2002: { en_US: 'Cardholder does not exist', zh_CN: '持卡人不存在' },
  2003: { en_US: 'Cardholder already verified', zh_CN: '持卡人已通过认证' },
  2004: { en_US: 'Cardholder has a pending verification', zh_CN: '持卡人有待处理的认证' },
  2005: { en_US: 'Cardholder verification failed', zh_CN: '持卡人认证失败' },
  2006: { en_US: 'Failed to retrieve cardholder KYC information', zh_CN: '获取持卡人 KYC 信息失败' },
  2007: {
    en_US: 'Please use English letters, numbers, spaces, or common address symbols (e.g. - / #).',
    zh_CN: '请使用英文字母、数字、空格或常用地址符号（如 - / #）。',
  },
  2008: { en_US: 'Only English is supported', zh_CN: '仅支持英文' },
  2009: { en_US: 'Country is not supported', zh_CN: '不支持该国家/地区' },
  2010: {
    en_US: 'The postal code does not match the selected address (state/province, city)',
    zh_CN: '邮政编码与所选地址（州/省、城市）不匹配',
  },
  2011: { en_US: 'Cardholder unique number mismatch', zh_CN: '持卡人唯一编号不匹配' },
  3001: { en_US: 'Currency not supported by merchant', zh_CN: '商户不支持该币种' },
  3002: { en_US: 'Insufficient cardholder account balance', zh_CN: '持卡人账户余额不足' },
  3003: { en_US: 'Currency chain mismatch', zh_CN: '币种与链不匹配' },
  3004: { en_US: 'Transfer reference number already exists', zh_CN: '转账参考号已存在' },
  3005: { en_US: 'Invalid transfer amount format or precision', zh_CN: '转账金额格式或精度无效' },
  3006: { en_US: 'Invalid transfer type', zh_CN: '转账类型无效' },
  3007: { en_US: 'Insufficient merchant account balance', zh_CN: '商户账户余额不足' },
  3008: { en_US: 'Insufficient account balance', zh_CN: '账户余额不足' },
  4001: { en_US: 'Card BIN not available', zh_CN: '卡 BIN 不可用' },
  4002: { en_US: 'Card package not found', zh_CN: '未找到卡套餐' },
  4003: { en_US: 'Merchant card unique number already exists', zh_CN: '商户卡唯一编号已存在' },
  4004: { en_US: 'Card does not exist', zh_CN: '卡片不存在' },
  4005: { en_US: 'Card status does not allow this operation', zh_CN: '当前卡片状态不允许此操作' },
  4006: { en_US: 'Card issuance limit reached', zh_CN: '已达开卡数量上限' },
  4007: { en_US: 'Card provider operation failed', zh_CN: '发卡渠道操作失败' },
  4008: {
    en_US: 'Physical card activation must be completed in merchant app',
    zh_CN: '实体卡须在商户 App 中完成激活',
  },
  4009: { en_US: 'Card transaction record not found', zh_CN: '未找到卡交易记录' },
  4010: { en_US: 'Physical card billing address cannot be empty', zh_CN: '实体卡账单地址不能为空' },
  4011: { en_US: 'Country not supported for this card application', zh_CN: '该国家/地区不支持申请此卡' },
  4012: { en_US: 'Card information not found', zh_CN: '未找到卡片信息' },
  4013: { en_US: 'Card status not supported', zh_CN: '不支持该卡片状态' },
  4014: { en_US: 'Card activation not supported', zh_CN: '不支持激活该卡片' },
  4015: {
    en_US: 'PIN decryption failed, check encryption method and key',
    zh_CN: 'PIN 解密失败，请检查加密方式和密钥',
  },
  4016: {
    en_US: 'Invalid PIN format. Must be 6 digits without three identical or consecutive digits (e.g. 111111, 123456, 654321).',
    zh_CN: 'PIN 格式无效。须为 6 位数字，且不得包含三个相同或连续的数字（如 111111、123456、654321）。',
  },
  4017: { en_US: 'Not a physical card, PIN setting not supported', zh_CN: '非实体卡，不支持设置 PIN' },
  4018: { en_US: 'No available API credential found', zh_CN: '未找到可用的 API 凭证' },
  4019: {
    en_US: 'CVV decryption failed, check encryption method and key',
    zh_CN: 'CVV 解密失败，请检查加密方式和密钥',
  },
} as const satisfies Record<number, Localized>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** Codes whose message names the offending snake_case field (API conventions, DESIGN §3). */
const FIELD_CODES: ReadonlySet<number> = new Set([1004, 2007, 2008, 2009, 2010, 4010]);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'number' && Object.hasOwn(ERROR_MESSAGES, value);
}

/** The manual's text for `code`, prefixed with `field` for parameter errors. */
export function errorMessage(code: ErrorCode, locale: Locale, field?: string): string {
  const text = ERROR_MESSAGES[code][locale];
  return field && FIELD_CODES.has(code) ? namingField(field, text, locale) : text;
}

/** `field: text`; Chinese uses the full-width colon, as the platform's manual does. */
export function namingField(field: string, text: string, locale: Locale): string {
  return locale === 'zh_CN' ? `${field}：${text}` : `${field}: ${text}`;
}
