/** The shape of samples/: file headers per variant and the generated manifest.json. */
import type { CanonicalTable } from '../src/data/schema';
import type { Variant } from './sample-format';

export interface ManifestFile {
  path: string;
  table: CanonicalTable;
  encoding: 'utf-8' | 'gbk';
  rows: number;
  /** File header -> canonical column. */
  columns: Record<string, string>;
}

export interface ManifestVariant {
  id: Variant;
  title: { en: string; zh: string };
  dateFormat: string;
  moneyFormat: string;
  lineEnding: 'LF' | 'CRLF';
  files: ManifestFile[];
}

export interface SampleManifest {
  generator: string;
  seed: number;
  period: { from: string; to: string };
  variants: ManifestVariant[];
}

export const HEADERS: Record<Variant, Record<CanonicalTable, readonly string[]>> = {
  en: {
    customers: ['customer_id', 'name', 'signup_date', 'region', 'channel', 'segment'],
    orders: ['order_id', 'customer_id', 'order_date', 'amount', 'status', 'quantity'],
    order_items: ['order_id', 'product_id', 'quantity', 'revenue', 'cost'],
    products: ['product_id', 'name', 'category', 'unit_cost'],
  },
  zh: {
    customers: ['客户编号', '客户名称', '注册日期', '地区', '渠道', '客户类型'],
    orders: ['订单编号', '客户编号', '订单日期', '实付金额', '订单状态', '数量'],
    order_items: ['订单编号', '商品编号', '数量', '金额', '成本'],
    products: ['商品编号', '商品名称', '品类', '单位成本'],
  },
};

export const VARIANT_INFO: Record<Variant, Omit<ManifestVariant, 'files' | 'id'>> = {
  en: {
    title: {
      en: 'Sample retailer (English, UTF-8)',
      zh: '示例零售商（英文，UTF-8）',
    },
    dateFormat: 'YYYY-MM-DD',
    moneyFormat: '1234.50',
    lineEnding: 'LF',
  },
  zh: {
    title: {
      en: 'Sample retailer (Chinese, GBK)',
      zh: '示例零售商（中文，GBK 编码）',
    },
    dateFormat: 'YYYY/M/D',
    moneyFormat: '￥1,234.50',
    lineEnding: 'CRLF',
  },
};

export const TABLES: readonly CanonicalTable[] = ['customers', 'orders', 'order_items', 'products'];
