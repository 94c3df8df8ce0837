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

/** Every agency with its name, to show a name where the API gives only an agency's id. */
export function useAgencies(): readonly Named[] {
  return useQuery<{ agencies: Named[] }>('{ agencies { id name { en zhHant zhHans } } }', {}).data?.agencies ?? [];
}

/** The entry of `list` with this id, for its name; undefined while the list loads or when unknown. */
export const byId = (list: readonly Named[], id: string | null | undefined): Named | undefined =>
  list.find((n) => n.id === id);
