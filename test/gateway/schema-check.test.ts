/**
 * `gba schema check` against the committed supergraph: nothing to report for the code as committed;
 * a removed field, a changed type and a new required argument are each breaking and exit 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sdlPath } from '../../schema/print.js';
import { main } from '../../services/cli/main.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const committed = readFileSync(sdlPath('supergraph'), 'utf8');

async function check(sdl?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const args = ['schema', 'check'];
  if (sdl !== undefined) {
    const file = join(dir.path, `committed-${Math.random().toString(36).slice(2)}.graphql`);
    writeFileSync(file, sdl);
    args.push('--against', file);
  }
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out, err };
}

/** The committed file as it would be had the code since dropped, changed or added something. */
function edited(from: string, to: string): string {
  expect(committed).toContain(from);
  return committed.replace(from, to);
}

describe('gba schema check', () => {
  it('reports nothing for the code as committed', async () => {
    expect(await check()).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^no changes against .*supergraph\.graphql$/)],
    });
  });

  it('exits 1 on a removed field', async () => {
    const result = await check(
      edited(
        '  legalRegime: LegalRegime! @join__field(graph: KNOWLEDGE)\n',
        '  legalRegime: LegalRegime! @join__field(graph: KNOWLEDGE)\n  population: Int @join__field(graph: KNOWLEDGE)\n',
      ),
    );
    expect(result.code).toBe(1);
    expect(result.out).toEqual(['BREAKING  FIELD_REMOVED: Jurisdiction.population was removed.']);
  });

  it('exits 1 on a changed type', async () => {
    const result = await check(
      edited(
        '  kind: JurisdictionKind! @join__field(graph: KNOWLEDGE)',
        '  kind: String! @join__field(graph: KNOWLEDGE)',
      ),
    );
    expect(result.code).toBe(1);
    expect(result.out[0]).toBe(
      'BREAKING  FIELD_CHANGED_KIND: Jurisdiction.kind changed type from String! to JurisdictionKind!.',
    );
  });

  it('exits 1 on a new required argument', async () => {
    const result = await check(
      edited(
        '  service("""\n  At most 128 characters.\n  """\n  id: ID!): Service @join__field(graph: KNOWLEDGE)',
        '  service: Service @join__field(graph: KNOWLEDGE)',
      ),
    );
    expect(result.code).toBe(1);
    expect(result.out).toContain('BREAKING  REQUIRED_ARG_ADDED: A required arg id on Query.service was added.');
  });

  /** README "Changelog": each breaking change of the API's consistency pass, undone in the committed file. */
  it.each([
    {
      change: 'Adoption.status became the AdoptionStatus enum',
      from: '  ADOPTED, PILOTED or REJECTED (the data set’s adoptions are ADOPTED).\n  """\n  status: AdoptionStatus!',
      to: '  adopted, piloted or rejected.\n  """\n  status: String!',
      line: 'BREAKING  FIELD_CHANGED_KIND: Adoption.status changed type from String! to AdoptionStatus!.',
    },
    {
      change: 'Announcement.jurisdiction became a Jurisdiction',
      from: '  jurisdiction: Jurisdiction! @join__field(graph: EXCHANGE)\n  title:',
      to: '  jurisdiction: String! @join__field(graph: EXCHANGE)\n  title:',
      line: 'BREAKING  FIELD_CHANGED_KIND: Announcement.jurisdiction changed type from String! to Jurisdiction!.',
    },
    {
      change: 'Me.agency became an Agency',
      from: '  jurisdiction: Jurisdiction\n  agency: Agency\n  personId',
      to: '  jurisdiction: Jurisdiction\n  agency: String\n  personId',
      line: 'BREAKING  FIELD_CHANGED_KIND: Me.agency changed type from String to Agency.',
    },
  ])('lists as breaking against the supergraph before it: $change', async ({ from, to, line }) => {
    const result = await check(edited(from, to));
    expect(result.code).toBe(1);
    expect(result.out).toContain(line);
  });

  it('lists every mutation’s idempotencyKey as an addition against the supergraph before them, exit 0', async () => {
    const before = committed.replace(/\n *"""\n[^"]*"""\n *idempotencyKey: String/g, '');
    expect(before).not.toContain('idempotencyKey');
    const result = await check(before);
    expect(result.code).toBe(0);
    const added = result.out.filter((l) => l.startsWith('DANGEROUS'));
    expect(added).toHaveLength(13);
    expect(added).toContain(
      'DANGEROUS OPTIONAL_ARG_ADDED: An optional arg idempotencyKey on Mutation.revokeConsent was added.',
    );
    expect(added).toContain(
      'DANGEROUS OPTIONAL_INPUT_FIELD_ADDED: An optional field idempotencyKey on input type GrantConsentInput was added.',
    );
  });

  it('exits 0 on an additive change, and says to commit it', async () => {
    const result = await check(edited('  legalRegime: LegalRegime! @join__field(graph: KNOWLEDGE)\n', ''));
    expect(result.code).toBe(0);
    expect(result.out.at(-1)).toMatch(/no breaking changes .*run `npm run schema:print`/);
  });
});
