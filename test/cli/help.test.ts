import { describe, expect, it } from 'vitest';
import { COMMANDS, main } from '../../services/cli/main.js';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env } };
}

describe('the gba command', () => {
  it('lists every command of the design in its help', async () => {
    const { out, io: streams } = io();
    expect(await main(['help'], streams)).toBe(0);
    const text = out.join('\n');
    for (const usage of [
      'gba start',
      'gba seed',
      'gba token <username>',
      'gba ingest <file.jsonl> [--topic T]',
      'gba dlq list [--json]',
      'gba audit verify',
      'gba ask "<question>"',
    ]) {
      expect(text).toContain(usage);
    }
  });

  it('prints the help with no command, and with --help', async () => {
    const a = io();
    const b = io();
    expect(await main([], a.io)).toBe(0);
    expect(await main(['--help'], b.io)).toBe(0);
    expect(a.out.join('\n')).toContain('Usage: gba <command>');
    expect(b.out).toEqual(a.out);
  });

  it('refuses an unknown command with a pointer to the help', async () => {
    const { err, io: streams } = io();
    expect(await main(['strat'], streams)).toBe(64);
    expect(err).toEqual(['gba: unknown command "strat"; run "gba help" for the list']);
  });

  it('stops with one line per bad variable before doing anything', async () => {
    const { err, io: streams } = io({ GATEWAY_PORT: 'abc' });
    expect(await main(['seed'], streams)).toBe(78);
    expect(err).toEqual(['Configuration error: GATEWAY_PORT="abc" is not a number; for example GATEWAY_PORT=4000']);
  });

  // A configuration error (exit 78) would show that the command ran instead of printing its usage.
  it.each(
    COMMANDS.filter((c) => c.name !== 'help').flatMap((c) => [
      [c.name, '--help'],
      [c.name, '-h'],
    ]),
  )('gba %s %s prints the command’s usage and runs nothing', async (name, flag) => {
    const { out, err, io: streams } = io({ GATEWAY_PORT: 'abc' });
    const args = name === 'dlq' ? [name, 'replay', flag] : [name, flag];
    expect(await main(args, streams)).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toBe(`usage: ${COMMANDS.find((c) => c.name === name)?.usage}`);
  });

  it.each([
    [['dlq', 'replay', '--ids', 'evt-1'], 'gba dlq replay: unknown option --ids'],
    [['dlq', 'replay', 'evt-1'], 'gba dlq replay: unexpected argument evt-1'],
    [['dlq', 'list', '--all'], 'gba dlq list: unknown option --all'],
    [['dlq', 'release'], 'gba dlq release: name one of --id ID [--source SOURCE], --source SOURCE or --all'],
    [
      ['dlq', 'release', '--id', 'evt-1', '--all'],
      'gba dlq release: name one of --id ID [--source SOURCE], --source SOURCE or --all',
    ],
    [
      ['dlq', 'release', '--source', 'urn:gba:hk:td', '--all'],
      'gba dlq release: name one of --id ID [--source SOURCE], --source SOURCE or --all',
    ],
    [['dlq', 'release', '--source'], 'gba dlq release: --source needs a source'],
    [['dlq', 'release', '--id', '--all'], 'gba dlq release: --id needs an event id'],
    [['dlq', 'replay', '--all'], 'gba dlq replay: unknown option --all'],
  ])('gba %j is refused before anything is replayed', async (args, message) => {
    const { err, io: streams } = io({ GATEWAY_PORT: 'abc' });
    expect(await main(args, streams)).toBe(64);
    expect(err[0]).toContain(message);
  });
});
