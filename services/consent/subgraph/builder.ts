import { createBuilder } from '../../../schema/builder.js';
import type { ConsentContext } from './context.js';

export const builder = createBuilder<ConsentContext>();

const byId = () => builder.keyDirective(builder.selection<{ id: string }>('id'), false);
const stub = (name: string) =>
  builder.externalRef(name, byId()).implement({ fields: (t) => ({ id: t.exposeID('id') }) });

/** Entities of other subgraphs, referenced by key; the gateway joins their fields. */
export const AgencyStub = stub('Agency');
export const JurisdictionStub = stub('Jurisdiction');
export const CaseStub = stub('Case');
