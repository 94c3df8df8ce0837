/** Entities owned by other subgraphs, referenced here by key only; the gateway joins their fields. */
import { MACHINE_CONVERTED } from '../../../schema/authored-text.js';
import type { LocalizedText } from '../../../schema/domain/index.js';
import { builder } from './builder.js';

const byId = () => builder.keyDirective(builder.selection<{ id: string }>('id'), false);

const stub = (name: string) =>
  builder.externalRef(name, byId()).implement({ fields: (t) => ({ id: t.exposeID('id') }) });

/** Resolvable here too: exchange adds `latestChanges` to services, and the gateway asks it by key. */
export const ServiceRef = builder
  .externalRef('Service', builder.selection<{ id: string }>('id'), (ref) => ({ id: ref.id }))
  .implement({ fields: (t) => ({ id: t.exposeID('id') }) });
export const PracticeRef = stub('Practice');
export const JurisdictionRef = stub('Jurisdiction');

export const LocalizedTextRef = builder.objectRef<LocalizedText>('LocalizedText').implement({
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
