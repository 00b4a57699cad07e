import { Rng, at, cumulative } from './sample-rng';
import { CONSUMER } from './sample-catalog';

const ZH_SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
// Common surnames are far more common: Zipf-like weights keep 王/李/张 on top.
const ZH_SURNAME_CUM = cumulative(ZH_SURNAMES.map((_, i) => 1 / Math.pow(i + 3, 0.9)));
const ZH_GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华志红春海玉兰丹鹏飞辉斌宁琳颖慧晓雪燕萍亮峰鑫凯阳璐倩瑶薇妍昊然睿泽铭锦坤旭彬昕晗蕾莉子浩宇轩欣怡梓涵晨雨思佳嘉俊文博一诗雅婷建国秀桂成荣新德',
];
const ZH_CITIES: readonly (readonly string[])[] = [
  ['上海', '杭州', '南京', '苏州', '宁波', '合肥', '济南', '青岛', '福州', '厦门', '无锡'],
  ['广州', '深圳', '东莞', '佛山', '南宁', '海口', '珠海'],
  ['北京', '天津', '石家庄', '太原', '呼和浩特', '保定'],
  ['武汉', '长沙', '郑州', '南昌', '宜昌'],
  ['成都', '重庆', '昆明', '贵阳', '绵阳'],
  ['西安', '兰州', '乌鲁木齐', '银川', '西宁'],
  ['沈阳', '大连', '长春', '哈尔滨', '吉林'],
];
const ZH_BRAND = [...'恒达鑫源华盛泰丰瑞祥宏远嘉禾永信佳美创新凯旋博汇天成金鼎广聚安顺'];
const ZH_TRADE = [
  '贸易',
  '商贸',
  '电子科技',
  '餐饮管理',
  '酒店管理',
  '文化传媒',
  '百货',
  '实业',
  '供应链管理',
  '物业服务',
];

const EN_FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Daniel',
  'Karen',
  'Matthew',
  'Lisa',
  'Anthony',
  'Nancy',
  'Mark',
  'Sandra',
  'Steven',
  'Ashley',
  'Paul',
  'Emily',
  'Andrew',
  'Michelle',
  'Joshua',
  'Amanda',
  'Kevin',
  'Melissa',
  'Brian',
  'Laura',
  'George',
  'Rebecca',
  'Wei',
  'Priya',
  'Carlos',
  'Sofia',
  'Ahmed',
  'Fatima',
  'Hiroshi',
  'Yuki',
  'Olga',
  'Lars',
  'Chloe',
  'Liam',
  'Noah',
  'Emma',
  'Olivia',
  'Mateo',
  'Aisha',
  'Ravi',
  'Ingrid',
  'Pierre',
];
const EN_LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  'Evans',
  'Turner',
  'Parker',
  'Collins',
  'Edwards',
  'Stewart',
  'Morris',
  "O'Brien",
  'Murphy',
  'Cook',
  'Rogers',
  'Chen',
  'Wang',
  'Patel',
  'Kim',
  'Nguyen',
  'Schmidt',
  'Rossi',
  'Dubois',
  'Novak',
  'Silva',
  'Kowalski',
];
const EN_WORDS = [
  'Northwind',
  'Bluebird',
  'Summit',
  'Harbor',
  'Maple',
  'Granite',
  'Silverline',
  'Redwood',
  'Brightside',
  'Cedar',
  'Lakeside',
  'Ironbridge',
  'Evergreen',
  'Sunrise',
  'Keystone',
  'Oakridge',
];
const EN_TRADE = [
  'Trading',
  'Supplies',
  'Foods',
  'Hospitality',
  'Retail',
  'Logistics',
  'Home Goods',
  'Outfitters',
  'Office Solutions',
  'Wellness',
];
const EN_SUFFIX = ['Ltd', 'Inc.', 'LLC', 'Co.', 'GmbH', 'Group'];

/** One name generator per language: each owns its random stream (see Rng). */
export class NameMaker {
  private readonly en: Rng;
  private readonly zh: Rng;

  constructor(seed: number) {
    this.en = new Rng(seed, 'names-en');
    this.zh = new Rng(seed, 'names-zh');
  }

  english(segment: number): string {
    const r = this.en;
    if (segment === CONSUMER) return `${r.pick(EN_FIRST)} ${r.pick(EN_LAST)}`;
    const form = r.int(0, 3);
    // Some company names carry commas on purpose: real exports do, and they must be quoted.
    if (form === 0) return `${r.pick(EN_LAST)}, ${r.pick(EN_LAST)} & Partners`;
    if (form === 1) return `${r.pick(EN_LAST)} & Sons ${r.pick(EN_SUFFIX)}`;
    return `${r.pick(EN_WORDS)} ${r.pick(EN_TRADE)} ${r.pick(EN_SUFFIX)}`;
  }

  chinese(segment: number, region: number): string {
    const r = this.zh;
    if (segment === CONSUMER) {
      const surname = at(ZH_SURNAMES, r.weighted(ZH_SURNAME_CUM));
      const given = r.chance(0.35) ? r.pick(ZH_GIVEN) : r.pick(ZH_GIVEN) + r.pick(ZH_GIVEN);
      return surname + given;
    }
    const city = r.pick(ZH_CITIES[region] ?? at(ZH_CITIES, 0));
    const brand = r.pick(ZH_BRAND) + r.pick(ZH_BRAND);
    const kind = r.pick(ZH_TRADE);
    return segment === CONSUMER + 1 && r.chance(0.4)
      ? `${city}${brand}${kind}商行`
      : `${city}${brand}${kind}有限公司`;
  }
}
