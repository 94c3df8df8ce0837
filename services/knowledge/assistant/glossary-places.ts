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
];
