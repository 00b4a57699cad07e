import { Rng, at, cumulative } from './sample-rng';

/** A label in both sample languages; the simulation only ever handles the index. */
export interface Label {
  en: string;
  zh: string;
}

export const REGIONS: readonly Label[] = [
  { en: 'East', zh: '华东' },
  { en: 'South', zh: '华南' },
  { en: 'North', zh: '华北' },
  { en: 'Central', zh: '华中' },
  { en: 'Southwest', zh: '西南' },
  { en: 'Northwest', zh: '西北' },
  { en: 'Northeast', zh: '东北' },
];
export const REGION_WEIGHTS = cumulative([30, 22, 16, 12, 10, 5, 5]);

export const CHANNELS: readonly Label[] = [
  { en: 'online', zh: '线上' },
  { en: 'store', zh: '门店' },
  { en: 'marketplace', zh: '电商平台' },
  { en: 'wholesale', zh: '批发' },
];
export const CHANNEL_WEIGHTS = cumulative([45, 30, 15, 10]);
export const WHOLESALE = 3;

export const SEGMENTS: readonly Label[] = [
  { en: 'consumer', zh: '个人' },
  { en: 'small business', zh: '小微企业' },
  { en: 'corporate', zh: '企业' },
];
export const CONSUMER = 0;
export const CORPORATE = 2;

export const STATUSES = {
  completed: { en: 'completed', zh: '已完成' },
  returned: { en: 'returned', zh: '退款' },
} as const;

interface CategorySpec {
  label: Label;
  /** Gross margin range (share of price). */
  margin: [number, number];
  /** Share of all item lines: groceries sell often, appliances rarely. */
  weight: number;
  /** [en, zh, base price] */
  items: readonly [string, string, number][];
}

const CATEGORIES: readonly CategorySpec[] = [
  {
    label: { en: 'Electronics', zh: '数码电子' },
    margin: [0.1, 0.22],
    weight: 14,
    items: [
      ['Wireless Earbuds', '无线耳机', 299],
      ['Bluetooth Speaker', '蓝牙音箱', 199],
      ['Power Bank', '移动电源', 129],
      ['Smartwatch', '智能手表', 899],
      ['Tablet', '平板电脑', 2499],
      ['Webcam', '网络摄像头', 249],
      ['Mechanical Keyboard', '机械键盘', 399],
      ['Wireless Mouse', '无线鼠标', 99],
      ['Monitor 24 in', '24英寸显示器', 1099],
      ['Charging Cable', '充电数据线', 39],
      ['Router', '无线路由器', 329],
      ['Phone Case', '手机壳', 49],
      ['E-Reader', '电子书阅读器', 899],
    ],
  },
  {
    label: { en: 'Home Appliances', zh: '家用电器' },
    margin: [0.15, 0.28],
    weight: 7,
    items: [
      ['Air Fryer', '空气炸锅', 399],
      ['Rice Cooker', '电饭煲', 459],
      ['Robot Vacuum', '扫地机器人', 1999],
      ['Electric Kettle', '电热水壶', 129],
      ['Air Purifier', '空气净化器', 1299],
      ['Hair Dryer', '电吹风', 299],
      ['Blender', '破壁料理机', 599],
      ['Microwave Oven', '微波炉', 699],
      ['Humidifier', '加湿器', 199],
      ['Coffee Machine', '咖啡机', 1499],
      ['Electric Fan', '电风扇', 249],
      ['Water Purifier', '净水器', 1899],
      ['Steam Iron', '蒸汽挂烫机', 359],
    ],
  },
  {
    label: { en: 'Groceries', zh: '食品饮料' },
    margin: [0.12, 0.24],
    weight: 22,
    items: [
      ['Green Tea', '绿茶', 68],
      ['Coffee Beans', '咖啡豆', 98],
      ['Mixed Nuts', '每日坚果', 59],
      ['Olive Oil', '橄榄油', 89],
      ['Jasmine Rice 5 kg', '香米5公斤', 65],
      ['Dark Chocolate', '黑巧克力', 35],
      ['Mineral Water', '矿泉水', 29],
      ['Oat Milk', '燕麦奶', 45],
      ['Instant Noodles', '方便面', 25],
      ['Honey', '蜂蜜', 78],
      ['Dried Mango', '芒果干', 32],
      ['Soy Sauce', '酱油', 19],
      ['Cookies', '曲奇饼干', 39],
    ],
  },
  {
    label: { en: 'Apparel', zh: '服装鞋帽' },
    margin: [0.45, 0.65],
    weight: 16,
    items: [
      ['Cotton T-Shirt', '纯棉T恤', 79],
      ['Jeans', '牛仔裤', 199],
      ['Down Jacket', '羽绒服', 699],
      ['Running Shoes', '跑步鞋', 459],
      ['Wool Sweater', '羊毛衫', 359],
      ['Socks', '袜子', 29],
      ['Baseball Cap', '棒球帽', 69],
      ['Dress Shirt', '衬衫', 229],
      ['Hoodie', '连帽卫衣', 259],
      ['Scarf', '围巾', 129],
      ['Sneakers', '休闲鞋', 399],
      ['Pyjamas', '睡衣', 149],
      ['Rain Jacket', '冲锋衣', 599],
    ],
  },
  {
    label: { en: 'Beauty & Personal Care', zh: '美妆个护' },
    margin: [0.5, 0.72],
    weight: 13,
    items: [
      ['Face Cream', '面霜', 239],
      ['Sunscreen', '防晒霜', 129],
      ['Lipstick', '口红', 199],
      ['Shampoo', '洗发水', 69],
      ['Face Mask', '面膜', 99],
      ['Electric Toothbrush', '电动牙刷', 299],
      ['Perfume', '香水', 599],
      ['Body Lotion', '身体乳', 89],
      ['Cleanser', '洁面乳', 79],
      ['Serum', '精华液', 459],
      ['Hand Cream', '护手霜', 39],
      ['Razor', '剃须刀', 259],
      ['Toner', '爽肤水', 149],
    ],
  },
  {
    label: { en: 'Home & Kitchen', zh: '家居厨具' },
    margin: [0.3, 0.46],
    weight: 12,
    items: [
      ['Frying Pan', '不粘煎锅', 169],
      ['Knife Set', '刀具套装', 299],
      ['Bed Sheets', '床单', 199],
      ['Pillow', '枕头', 99],
      ['Storage Box', '收纳箱', 59],
      ['Towel', '毛巾', 39],
      ['Thermos', '保温杯', 129],
      ['Desk Lamp', '台灯', 149],
      ['Dinnerware Set', '餐具套装', 259],
      ['Curtains', '窗帘', 229],
      ['Duvet', '蚕丝被', 899],
      ['Laundry Basket', '脏衣篮', 49],
      ['Cutting Board', '砧板', 69],
    ],
  },
  {
    label: { en: 'Sports & Outdoors', zh: '运动户外' },
    margin: [0.28, 0.5],
    weight: 9,
    items: [
      ['Yoga Mat', '瑜伽垫', 99],
      ['Dumbbells', '哑铃', 199],
      ['Tent', '帐篷', 599],
      ['Hiking Backpack', '登山包', 399],
      ['Bicycle Helmet', '骑行头盔', 259],
      ['Badminton Racket', '羽毛球拍', 229],
      ['Jump Rope', '跳绳', 29],
      ['Basketball', '篮球', 159],
      ['Fishing Rod', '钓鱼竿', 349],
      ['Sleeping Bag', '睡袋', 299],
      ['Water Bottle', '运动水壶', 59],
      ['Treadmill', '跑步机', 2999],
      ['Swim Goggles', '泳镜', 79],
    ],
  },
  {
    label: { en: 'Books & Stationery', zh: '图书文具' },
    margin: [0.22, 0.38],
    weight: 7,
    items: [
      ['Notebook', '笔记本', 19],
      ['Gel Pens', '中性笔', 15],
      ['Novel', '小说', 49],
      ['Cookbook', '菜谱', 68],
      ['Desk Organizer', '桌面收纳架', 59],
      ['Sketchbook', '素描本', 29],
      ['Calculator', '计算器', 89],
      ['Atlas', '地图册', 78],
      ['Calendar', '台历', 35],
      ['Fountain Pen', '钢笔', 199],
      ['Backpack for School', '书包', 169],
      ["Children's Picture Book", '儿童绘本', 45],
      ['Sticky Notes', '便利贴', 12],
    ],
  },
];

/** Variants that turn a base item into two distinct products; some English names get a comma. */
const VARIANTS: readonly [string, string, number, boolean][] = [
  ['Standard', '标准款', 1, false],
  ['Premium', '高配版', 1.6, false],
  ['2-pack', '两件装', 1.85, true],
  ['Lite', '青春版', 0.7, false],
  ['Bundle', '套装', 2.2, true],
];

export const CATEGORY_LABELS: readonly Label[] = CATEGORIES.map((c) => c.label);
export const CATEGORY_WEIGHTS = cumulative(CATEGORIES.map((c) => c.weight));

export interface Product {
  id: string;
  name: Label;
  category: number;
  /** List price and unit cost in cents. */
  priceCents: number;
  unitCostCents: number;
}

export interface Catalog {
  products: Product[];
  /** Product indexes of each category, most popular first, with cumulative Zipf weights. */
  byCategory: { members: number[]; cum: Float64Array }[];
}

/** 25 products per category (200 in all) with category-typical margins and a few loss leaders. */
export function buildCatalog(seed: number): Catalog {
  const rng = new Rng(seed, 'products');
  const products: Product[] = [];
  const byCategory: Catalog['byCategory'] = [];
  CATEGORIES.forEach((cat, ci) => {
    const members: number[] = [];
    for (let k = 0; k < 25; k++) {
      const item = at(cat.items, k % cat.items.length);
      const variant = at(VARIANTS, k < cat.items.length ? 0 : 1 + (k % (VARIANTS.length - 1)));
      const [en, zh, base] = item;
      const isBase = variant[2] === 1;
      const nameEn = isBase ? en : variant[3] ? `${en}, ${variant[0]}` : `${en} ${variant[0]}`;
      const nameZh = isBase ? zh : `${zh}（${variant[1]}）`;
      const price = Math.max(5, base * variant[2] * rng.lognormal(0, 0.12));
      // Round prices the way shops do: x9 or x9.90.
      const priceCents =
        price >= 100 ? Math.round(price / 10) * 1000 - 100 : Math.round(price) * 100 - 10;
      let margin = rng.uniform(cat.margin[0], cat.margin[1]);
      if (ci === 2 && (k === 6 || k === 8)) margin = -0.05;
      const unitCostCents = Math.round(priceCents * (1 - margin));
      members.push(products.length);
      products.push({
        id: `P${String(products.length + 1).padStart(4, '0')}`,
        name: { en: nameEn, zh: nameZh },
        category: ci,
        priceCents,
        unitCostCents,
      });
    }
    // Popularity within a category falls off like Zipf, in a shuffled order so that the base
    // products are not always the best sellers.
    for (let i = members.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [members[i], members[j]] = [at(members, j), at(members, i)];
    }
    byCategory.push({ members, cum: cumulative(members.map((_, r) => 1 / (r + 1))) });
  });
  return { products, byCategory };
}
