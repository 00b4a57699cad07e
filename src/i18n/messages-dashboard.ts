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
  'drill.history.quarter': 'Tier at the end of each quarter',
  'drill.history.year': 'Tier at the end of each year',
  'drill.history.note':
    'Each row as if the analysis had been run on that day: value up to then, ranked among the customers who had bought by then, with today’s cut-offs.',
  'drill.period.quarter': '{year} Q{q}',
  'drill.period.year': '{year}',
  'drill.period.partial': '{period} (to {date})',
  'drill.period': 'Period',
  'drill.valueToDate': 'Value to date',
  'drill.abcTier': 'ABC tier',
  'drill.pyramidLevel': 'Pyramid level',
  'currency.label': 'Currency',
  'currency.auto': 'From the data ({code})',
  'currency.autoNone': 'From the data (none found)',
  'currency.none': 'None (plain numbers)',
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
  'drill.history.quarter': '各季度末的分层',
  'drill.history.year': '各年末的分层',
  'drill.history.note':
    '每一行都按当天运行分析计算：截至当天的价值，在当时已购买的客户中排名，使用当前的分层阈值。',
  'drill.period.quarter': '{year}年第{q}季度',
  'drill.period.year': '{year}年',
  'drill.period.partial': '{period}（截至 {date}）',
  'drill.period': '期间',
  'drill.valueToDate': '累计价值',
  'drill.abcTier': 'ABC 分层',
  'drill.pyramidLevel': '金字塔层级',
  'currency.label': '货币',
  'currency.auto': '按数据（{code}）',
  'currency.autoNone': '按数据（未识别）',
  'currency.none': '不显示货币（纯数字）',
};
