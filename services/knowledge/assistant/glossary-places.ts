/**
 * Places of the Greater Bay Area as people name them, each with the wider places that hold it, so a
 * record "on the Mainland" answers a question about Shenzhen, and a record about Qianhai one about
 * Shenzhen. Hong Kong is in nearly every record and so weighs little (see `broad` in glossary.ts).
 */
import type { Concept } from './concept.js';

const place = (id: string, within: string[], ...forms: string[]): Concept => ({ id, kind: 'place', forms, within });

export const PLACES: Concept[] = [
  { id: 'hong-kong', kind: 'broad', forms: ['hong kong', 'hksar', 'hk', '香港', '港人'] },
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
