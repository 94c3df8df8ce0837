import { MACHINE_CONVERTED } from '../../../schema/authored-text.js';
import type { LocalizedText } from '../../../schema/domain/index.js';
import { builder } from './builder.js';

export const LocalizedTextRef = builder.objectRef<LocalizedText>('LocalizedText').implement({
  description:
    'Text for people in English, Traditional Chinese (Hong Kong usage) and Simplified Chinese (Mainland usage).',
  shareable: true,
  fields: (t) => ({
    en: t.exposeString('en'),
    zhHant: t.exposeString('zhHant'),
    zhHans: t.exposeString('zhHans'),
    machineConverted: t.exposeString('machineConverted', {
      nullable: true,
      description: MACHINE_CONVERTED,
    }),
  }),
});
