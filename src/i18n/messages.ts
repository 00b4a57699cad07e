/**
 * The one message catalogue. Components look strings up by key; nothing user-facing is
 * hard-coded elsewhere. `zh` must have every key `en` has (a test checks it).
 */
export const en = {
  'app.title': 'Clientele',
  'app.tagline': 'Customer value analytics, in your browser',
  'app.privacy': 'Your data stays on this machine.',
  'app.loadingEngine': 'Starting the analysis engine…',
  'app.loadingData': 'Loading {name}…',
  'app.error': 'Something went wrong',
  'app.empty': 'No data for this selection',
  'app.retry': 'Retry',
  'app.language': 'Language',
  'nav.overview': 'Overview',
  'nav.notebook': 'Notebook',
  'table.rows': 'Showing {shown} of {total} rows',
  'table.exportCsv': 'Export CSV',
  'table.more': 'Show more rows',
  'notebook.tables': 'Tables',
  'notebook.add': 'Add SQL cell',
  'notebook.cell': 'SQL cell {n}',
  'notebook.run': 'Run (Ctrl+Enter)',
  'notebook.remove': 'Remove',
  'notebook.took': '{ms} ms',
  'header.rows': '{customers} customers · {orders} orders',
  'notice.badLink': 'This link could not be read ({detail}); showing the default view instead.',
  'notice.dismiss': 'Dismiss',
  'kpi.customers': 'Customers',
  'kpi.orders': 'Orders',
  'kpi.value': 'Revenue',
  'kpi.top20Share': 'Revenue from top 20%',
  'kpi.top20Share.hint': 'Share of revenue from the 20% of customers who spend most',
  'sample.en': 'Sample retailer (English)',
  'sample.zh': 'Sample retailer (Chinese, GBK)',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

export const zh: Catalogue = {
  'app.title': 'Clientele 客户价值分析',
  'app.tagline': '在浏览器中分析客户价值',
  'app.privacy': '数据只留在本机。',
  'app.loadingEngine': '正在启动分析引擎…',
  'app.loadingData': '正在加载 {name}…',
  'app.error': '出错了',
  'app.empty': '当前选择没有数据',
  'app.retry': '重试',
  'app.language': '语言',
  'nav.overview': '概览',
  'nav.notebook': 'SQL 笔记本',
  'table.rows': '显示 {shown} / {total} 行',
  'table.exportCsv': '导出 CSV',
  'table.more': '显示更多行',
  'notebook.tables': '数据表',
  'notebook.add': '添加 SQL 单元',
  'notebook.cell': 'SQL 单元 {n}',
  'notebook.run': '运行 (Ctrl+Enter)',
  'notebook.remove': '删除',
  'notebook.took': '{ms} 毫秒',
  'header.rows': '{customers} 位客户 · {orders} 笔订单',
  'notice.badLink': '无法读取此链接（{detail}），已显示默认视图。',
  'notice.dismiss': '关闭',
  'kpi.customers': '客户数',
  'kpi.orders': '订单数',
  'kpi.value': '收入',
  'kpi.top20Share': '前 20% 客户收入占比',
  'kpi.top20Share.hint': '消费最多的 20% 客户贡献的收入比例',
  'sample.en': '示例零售商（英文）',
  'sample.zh': '示例零售商（中文，GBK）',
};

export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Record<Locale, Catalogue> = { en, zh };
