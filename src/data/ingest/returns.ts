import type { ReturnsRule } from './types';

/** Status words meaning the order was returned, refunded or cancelled (compared lower-cased). */
export const RETURN_STATUSES = [
  '交易关闭',
  '退款',
  '已退款',
  '退款成功',
  '退款中',
  '退货',
  '已退货',
  '已取消',
  '取消',
  '订单取消',
  'refunded',
  'refund',
  'cancelled',
  'canceled',
  'returned',
  'return',
];

/** Negative amounts and return statuses always; the "C" prefix only when the ids show it. */
export function defaultReturnsRule(orderIds: string[]): ReturnsRule {
  const ids = orderIds.map((s) => s.trim()).filter((s) => s !== '');
  const prefixed = ids.filter((s) => /^C\d+$/i.test(s)).length;
  const numeric = ids.filter((s) => /^\d+$/.test(s)).length;
  return {
    negativeAmount: true,
    orderIdPrefix: prefixed > 0 && prefixed + numeric === ids.length ? 'C' : null,
    statusValues: RETURN_STATUSES,
  };
}
