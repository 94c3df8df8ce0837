/** The lists filters offer: jurisdictions and topics, from the API. */
import type { LocalizedText } from '../i18n';
import { useQuery } from './use-query';

export interface Named {
  readonly id: string;
  readonly name: LocalizedText;
}

export function useJurisdictions(): readonly Named[] {
  return (
    useQuery<{ jurisdictions: Named[] }>('{ jurisdictions { id name { en zhHant zhHans } } }', {}).data
      ?.jurisdictions ?? []
  );
}

/** From `Query.topics`; a gateway without it leaves the list empty rather than failing the page. */
export function useTopics(): readonly Named[] {
  return useQuery<{ topics: Named[] }>('{ topics { id name { en zhHant zhHans } } }', {}).data?.topics ?? [];
}
