import type { LocalizedText } from '../i18n';

const LT = '{ en zhHant zhHans }';
const OUTCOME = 'metric value unit asOf sourceUrl sourced selfReported';

export const PRACTICE = `query Practice($id: ID!, $official: Boolean!) {
  practice(id: $id) {
    id title ${LT} summary ${LT} problem ${LT} approach ${LT} results ${LT} lessons ${LT}
    jurisdiction { id name ${LT} } agency { id name ${LT} } topics { id name ${LT} }
    sourceUrl synthetic state version updatedAt publishedAt
    outcomes { ${OUTCOME} }
    relatedServices { id title ${LT} }
    versions { version savedAt title ${LT} }
    adoptions { jurisdiction { id name ${LT} } agency { id } status date note ${LT} outcomes { ${OUTCOME} } }
    lineage(depth: 5) { depth relation practice { id title ${LT} jurisdiction { id } inspiredBy { id } } }
    inspiredBy { id }
    questions @include(if: $official) {
      id text askedAt askedBy { username agency { id name { en zhHant zhHans } } } owner { id }
      answers { id text answeredAt answeredBy { username agency { id } } }
    }
  }
}`;

export interface Outcome {
  metric: string;
  value: number;
  unit: string;
  asOf: string;
  sourceUrl: string | null;
  sourced: boolean;
  selfReported: boolean;
}

export interface LineageNode {
  depth: number;
  relation: 'ANCESTOR' | 'DESCENDANT';
  practice: { id: string; title: LocalizedText; jurisdiction: { id: string }; inspiredBy: { id: string }[] };
}

export interface Question {
  id: string;
  text: string;
  askedAt: string;
  askedBy: { username: string; agency: { id: string; name: LocalizedText } };
  owner: { id: string };
  answers: { id: string; text: string; answeredAt: string; answeredBy: { username: string; agency: { id: string } } }[];
}

export interface PracticeData {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
  problem: LocalizedText;
  approach: LocalizedText;
  results: LocalizedText;
  lessons: LocalizedText;
  jurisdiction: { id: string; name: LocalizedText };
  agency: { id: string; name: LocalizedText };
  topics: { id: string; name: LocalizedText }[];
  sourceUrl: string | null;
  synthetic: boolean;
  state: string;
  version: number;
  updatedAt: string | null;
  publishedAt: string;
  outcomes: Outcome[];
  relatedServices: { id: string; title: LocalizedText }[];
  versions: { version: number; savedAt: string | null; title: LocalizedText }[];
  adoptions: {
    jurisdiction: { id: string; name: LocalizedText };
    agency: { id: string } | null;
    status: string;
    date: string | null;
    note: LocalizedText | null;
    outcomes: Outcome[];
  }[];
  lineage: LineageNode[];
  inspiredBy: { id: string }[];
  questions: Question[] | null;
}
