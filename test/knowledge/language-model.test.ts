/**
 * The optional language model behind an OpenAI-compatible chat API, tested against a local server of
 * the API's shape: its answer is used when it cites only records it was given, and refused (the
 * retrieval answer stands) when it cites anything else, cites nothing, cites only records that do not
 * answer the question (a notice of a change to the service), or fails.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGraph } from '../../services/graph/seed/seed-graph.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { answer } from '../../services/knowledge/assistant/answer.js';
import { OpenAiCompatibleModel } from '../../services/knowledge/assistant/openai-compatible.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
let server: Server;
let url: string;
let reply: { status: number; content: string };
const requests: { authorization?: string; body: { model: string; messages: { role: string; content: string }[] } }[] =
  [];

beforeAll(async () => {
  await store.init();
  await seedGraph(store);
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      requests.push({ authorization: req.headers.authorization, body: JSON.parse(raw) });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply.content } }] }));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.close();
  await store.close();
  dir.remove();
});

const model = () => new OpenAiCompatibleModel({ url, model: 'deepseek-chat', apiKey: 'k-test' });
const ask = (refused: string[] = []) =>
  answer(store, 'How do I swap my mainland driving licence for a Hong Kong one?', {
    today: new Date('2026-04-01T00:00:00+08:00'),
    model: model(),
    onModelRefused: (r) => refused.push(r),
  });

describe('the assistant with a language model', () => {
  it('uses the model’s answer when it cites only the records it was given', async () => {
    reply = {
      status: 200,
      content:
        'Apply at a licensing office counter [svc-hk-td-direct-issue-dl]; book online first [ann-hk-td-direct-issue-online-booking].',
    };
    const a = await ask();
    expect(a.text).toBe(reply.content);
    expect(a.citations.map((c) => c.id)).toEqual([
      'svc-hk-td-direct-issue-dl',
      'ann-hk-td-direct-issue-online-booking',
    ]);
    const sent = requests.at(-1);
    expect(sent?.authorization).toBe('Bearer k-test');
    expect(sent?.body.model).toBe('deepseek-chat');
    expect(sent?.body.messages[0]?.content).toContain('[svc-hk-td-direct-issue-dl]');
    expect(sent?.body.messages[1]).toEqual({
      role: 'user',
      content: 'How do I swap my mainland driving licence for a Hong Kong one?',
    });
  });

  it('refuses an answer citing a record it was not given, keeping the retrieval answer', async () => {
    reply = { status: 200, content: 'Use the teleport licence [svc-hk-td-teleport-licence].' };
    const refused: string[] = [];
    const a = await ask(refused);
    expect(a.text).toMatch(/^Direct issue of a full Hong Kong driving licence/);
    expect(refused).toEqual(['it cited records it was not given: svc-hk-td-teleport-licence']);
  });

  it('refuses an answer whose only citation, though given, does not answer the question', async () => {
    reply = { status: 200, content: 'Book online from 16 March [ann-hk-td-direct-issue-online-booking].' };
    const refused: string[] = [];
    const a = await ask(refused);
    expect(requests.at(-1)?.body.messages[0]?.content).toContain('[ann-hk-td-direct-issue-online-booking]');
    expect(a.text).toMatch(/^Direct issue of a full Hong Kong driving licence/);
    expect(a.citations[0]?.id).toBe('svc-hk-td-direct-issue-dl');
    // The notice is judged by the retrieval's own support check, which names what it lacks.
    expect(refused).toEqual([
      'the records it cited do not support the question: ann-hk-td-direct-issue-online-booking (not in mainland)',
    ]);
  });

  it('refuses an answer citing nothing, and survives a failing endpoint', async () => {
    reply = { status: 200, content: 'Just go to any office.' };
    const refused: string[] = [];
    expect((await ask(refused)).citations[0]?.id).toBe('svc-hk-td-direct-issue-dl');
    reply = { status: 503, content: '' };
    expect((await ask(refused)).known).toBe(true);
    expect(refused).toEqual(['it cited nothing', 'the language model answered HTTP 503']);
  });
});
