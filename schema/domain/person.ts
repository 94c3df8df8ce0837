import { z } from 'zod';
import { ID_FORMS, JurisdictionId, LocalizedText } from './common.js';

/** A data subject. Every person in the sample data is synthetic; the fields are personal data. */
export const Person = z.object({
  id: z.string().regex(ID_FORMS.person, 'must look like "p-0001"'),
  name: LocalizedText,
  residence: JurisdictionId,
  idKind: z.enum(['HKID', 'MainlandID', 'HomeReturnPermit']),
  idNumber: z.string().min(1),
  phone: z.string().min(1),
  email: z.email(),
  synthetic: z.boolean(),
});
export type Person = z.infer<typeof Person>;
