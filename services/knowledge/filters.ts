/**
 * Filter arguments, checked with zod and turned into store predicates. A bad value is refused with
 * BAD_USER_INPUT naming the field (e.g. `filter.jurisdictions.0`) and the reason.
 */
import { z } from 'zod';
import { Channel, IsoDate, JurisdictionId } from '../../schema/domain/index.js';
import { badUserInput } from '../../schema/errors.js';
import { INPUT_LIMITS } from '../../schema/input-limits.js';
import type { Predicate } from '../graph/graph-store.port.js';

const ids = z.array(z.string().min(1).max(INPUT_LIMITS.id)).max(50, 'lists at most 50 values');

const ServiceFilter = z
  .object({
    jurisdictions: z.array(JurisdictionId).max(10).nullish(),
    agencies: ids.nullish(),
    topics: ids.nullish(),
    channels: z.array(Channel).max(5).nullish(),
    crossBoundary: z.boolean().nullish(),
    zeroRedirection: z.boolean().nullish(),
    paperless: z.boolean().nullish(),
    faceToFaceRequired: z.boolean().nullish(),
    updatedSince: IsoDate.nullish(),
  })
  .strict();

const PracticeFilter = z
  .object({
    jurisdictions: z.array(JurisdictionId).max(10).nullish(),
    agencies: ids.nullish(),
    topics: ids.nullish(),
    adoptedBy: z.array(JurisdictionId).max(10).nullish(),
    relatedServices: ids.nullish(),
    updatedSince: IsoDate.nullish(),
  })
  .strict();

export type ServiceFilterInput = z.input<typeof ServiceFilter>;
export type PracticeFilterInput = z.input<typeof PracticeFilter>;

export function parseInput<T extends z.ZodType>(schema: T, value: unknown, field: string): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const path = [field, ...(issue?.path ?? [])].join('.');
  throw badUserInput(path, issue?.message ?? 'is not valid');
}

const inList = (field: string, values: readonly string[] | null | undefined) =>
  values?.length ? [{ field, op: 'in', values } as Predicate] : [];
const anyOf = (field: string, values: readonly string[] | null | undefined) =>
  values?.length ? [{ field, op: 'containsAny', values } as Predicate] : [];
const flag = (field: string, value: boolean | null | undefined) =>
  value == null ? [] : [{ field, op: 'eq', value } as Predicate];
const since = (field: string, value: string | null | undefined) =>
  value ? [{ field, op: 'gte', value } as Predicate] : [];

export function servicePredicates(input: unknown): Predicate<'Service'>[] {
  const f = parseInput(ServiceFilter, input, 'filter');
  return [
    ...inList('jurisdiction', f.jurisdictions),
    ...inList('agency', f.agencies),
    ...anyOf('topics', f.topics),
    ...anyOf('channels', f.channels),
    ...flag('crossBoundary', f.crossBoundary),
    ...flag('zeroRedirection', f.zeroRedirection),
    ...flag('paperless', f.paperless),
    ...flag('faceToFaceRequired', f.faceToFaceRequired),
    ...since('updatedAt', f.updatedSince),
  ] as Predicate<'Service'>[];
}

export function practicePredicates(input: unknown): Predicate<'Practice'>[] {
  const f = parseInput(PracticeFilter, input, 'filter');
  return [
    ...inList('jurisdiction', f.jurisdictions),
    ...inList('agency', f.agencies),
    ...anyOf('topics', f.topics),
    ...anyOf('adoptedBy', f.adoptedBy),
    ...anyOf('relatedServices', f.relatedServices),
    ...since('publishedAt', f.updatedSince),
  ] as Predicate<'Practice'>[];
}
