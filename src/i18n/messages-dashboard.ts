/**
 * Messages of the Pareto band list, the customer tier history, the currency picker and the
 * tier-migration axes. Spread into the catalogue in messages-en.ts / messages-zh.ts; `zh` must
 * have every key of `en` with the same placeholders (the catalogue test checks it).
 */
export const dashboardEn = {
  'pareto.band.group': 'List customers by value rank',
  'pareto.band.hint': 'Click the curve, or pick a tenth of the customers, to list them.',
  'pareto.band.range': '{from}–{to}%',
  'pareto.band.title': 'Customers ranked {range} from the top',
  'pareto.band.summary': '{n} customers with {value} in all: {share} of revenue.',
  'pareto.band.empty': 'With {n} buying customers, no one is ranked in this band.',
  'pareto.band.clear': 'Clear the list',
  'pareto.band.rank': 'Rank',
  'pareto.band.cumShare': 'Revenue share down to here',
  'pareto.band.orders': 'Orders',
} as const;

export const dashboardZh: Record<keyof typeof dashboardEn, string> = {
  'pareto.band.group': '按价值排名列出客户',
  'pareto.band.hint': '点击曲线，或选择一个十分位段，列出其中的客户。',
  'pareto.band.range': '{from}–{to}%',
  'pareto.band.title': '价值从高到低排名 {range} 的客户',
  'pareto.band.summary': '共 {n} 位客户，合计 {value}，占收入的 {share}。',
  'pareto.band.empty': '共有 {n} 位购买客户，此区间内没有客户。',
  'pareto.band.clear': '清除列表',
  'pareto.band.rank': '排名',
  'pareto.band.cumShare': '累计收入占比',
  'pareto.band.orders': '订单数',
};
