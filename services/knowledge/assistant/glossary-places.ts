/**
 * Places of the Greater Bay Area as people name them, each with the wider places that hold it, so a
 * record "on the Mainland" answers a question about Shenzhen, and a record about Qianhai one about
 * Shenzhen. Hong Kong is in nearly every record and so weighs little (see `broad` in glossary.ts).
 *
 * "Outside Hong Kong" is a place too: residents ask for a way "without going back" (唔返香港, 不回港,
 * 唔想過關), and the records that offer one say so ("outside Hong Kong", 无须返港, 无须过关) or name
 * the Mainland or Macao place where it is. Its forms are the negated ones only: "返香港" alone is
 * as often "I will go back to Hong Kong to do it".
 */
import type { Concept } from './concept.js';

const OUTSIDE = 'outside-hk';
const place = (id: string, within: string[], ...forms: string[]): Concept => ({
  id,
  kind: 'place',
  forms,
  within: [...within, OUTSIDE],
});

/** Districts of a city, each within it, its province and the Mainland. */
const districts = (city: string, list: readonly (readonly [string, ...string[]])[]): Concept[] =>
  list.map(([id, ...forms]) => place(id, [city, 'guangdong', 'mainland'], ...forms));

export const PLACES: Concept[] = [
  { id: 'hong-kong', kind: 'broad', forms: ['hong kong', 'hksar', 'hk', '香港', '港人'] },
  {
    id: OUTSIDE,
    kind: 'place',
    forms: [
      'outside hong kong',
      'outside of hong kong',
      'outside hk',
      'without going back',
      'without travelling back',
      'without traveling back',
      'without returning to hong kong',
      'without crossing',
      'instead of crossing',
      'not crossing the border',
      'live or work outside',
      '香港以外',
      '港外',
      '无须返港',
      '无需返港',
      '不用返港',
      '唔使返港',
      '唔返香港',
      '唔想返香港',
      '唔使返香港',
      '不回香港',
      '不想回香港',
      '不用回香港',
      '不回港',
      '不返港',
      '无须回港',
      '唔过关',
      '唔想过关',
      '唔使过关',
      '不过关',
      '不想过关',
      '不用过关',
      '无须过关',
      '无需过关',
    ],
  },
  // Hong Kong and Macao together (港澳居民, 港澳签注): a question saying it asks about neither one
  // alone, and a record saying it speaks of Macao too (see \`holds\`).
  {
    id: 'hk-macao',
    kind: 'broad',
    forms: ['港澳', 'hong kong and macao', 'hong kong and macau'],
    holds: ['hong-kong', 'macao'],
  },
  place('mainland', [], 'mainland', 'china', '内地', '大陆', '国内'),
  place('guangdong', ['mainland'], 'guangdong', 'canton', '广东', '粤'),
  place('shenzhen', ['guangdong', 'mainland'], 'shenzhen', '深圳', '深'),
  place('qianhai', ['shenzhen', 'guangdong', 'mainland'], 'qianhai', '前海'),
  place('hetao', ['shenzhen', 'guangdong', 'mainland'], 'hetao', 'lok ma chau loop', '河套'),
  place('futian', ['shenzhen', 'guangdong', 'mainland'], 'futian', '福田'),
  place('longgang', ['shenzhen', 'guangdong', 'mainland'], 'longgang', '龙岗'),
  place('guangzhou', ['guangdong', 'mainland'], 'guangzhou', '广州', '穗'),
  place('nansha', ['guangzhou', 'guangdong', 'mainland'], 'nansha', '南沙'),
  place('dongguan', ['guangdong', 'mainland'], 'dongguan', '东莞'),
  place('zhuhai', ['guangdong', 'mainland'], 'zhuhai', '珠海'),
  place('hengqin', ['zhuhai', 'guangdong', 'mainland'], 'hengqin', '横琴', '澳琴'),
  place('zhongshan', ['guangdong', 'mainland'], 'zhongshan', '中山'),
  place('jiangmen', ['guangdong', 'mainland'], 'jiangmen', '江门'),
  place('foshan', ['guangdong', 'mainland'], 'foshan', '佛山'),
  place('huizhou', ['guangdong', 'mainland'], 'huizhou', '惠州'),
  place('zhaoqing', ['guangdong', 'mainland'], 'zhaoqing', '肇庆'),
  place('macao', [], 'macao', 'macau', '澳门', '澳'),
  // The other districts of the cities above (public administrative divisions), so that a record
  // about one district does not answer for another (Futian's AI service for 龙华区, Nansha's
  // self-service area for 天河区). Names that are also common words are known with 区 / district only.
  ...districts('shenzhen', [
    ['luohu', 'luohu', '罗湖区'],
    ['yantian', 'yantian', '盐田'],
    ['nanshan', 'nanshan district', '南山区'],
    ['baoan', "bao'an", 'baoan', '宝安'],
    ['longhua', 'longhua', '龙华'],
    ['pingshan', 'pingshan', '坪山'],
    ['guangming', 'guangming', '光明区'],
    ['dapeng', 'dapeng', '大鹏新区', '大鹏'],
  ]),
  ...districts('guangzhou', [
    ['yuexiu', 'yuexiu', '越秀'],
    ['haizhu', 'haizhu', '海珠'],
    ['liwan', 'liwan', '荔湾'],
    ['tianhe', 'tianhe', '天河'],
    ['baiyun', 'baiyun', '白云区'],
    ['huangpu', 'huangpu', '黄埔'],
    ['panyu', 'panyu', '番禺'],
    ['huadu', 'huadu', '花都'],
    ['conghua', 'conghua', '从化'],
    ['zengcheng', 'zengcheng', '增城'],
  ]),
  ...districts('zhuhai', [
    ['xiangzhou', 'xiangzhou', '香洲'],
    ['doumen', 'doumen', '斗门'],
    ['jinwan', 'jinwan', '金湾'],
  ]),
  ...districts('foshan', [
    ['chancheng', 'chancheng', '禅城'],
    ['nanhai', 'nanhai district', '南海区'],
    ['shunde', 'shunde', '顺德'],
    ['sanshui', 'sanshui', '三水'],
    ['gaoming', 'gaoming', '高明区'],
  ]),
];
