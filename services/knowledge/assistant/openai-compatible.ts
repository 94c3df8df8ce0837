/**
 * A language model behind an OpenAI-compatible chat API (`POST {url}/chat/completions`), such as a
 * DeepSeek or HKGAI endpoint. It is told to answer only from the records given and to cite each by
 * its id in square brackets; the ids are read back from the text.
 */
import type { GroundingRecord, LanguageModel, ModelAnswer } from './language-model.port.js';

export interface OpenAiCompatibleOptions {
  /** Base URL, e.g. `https://api.deepseek.com/v1`. */
  readonly url: string;
  readonly model: string;
  readonly apiKey?: string;
  /** @default 15000 */
  readonly timeoutMs?: number;
}

const LANGUAGE = {
  en: 'English',
  zhHant: 'Traditional Chinese as used in Hong Kong',
  zhHans: 'Simplified Chinese',
} as const;

const prompt = (records: readonly GroundingRecord[], lang: keyof typeof LANGUAGE) =>
  [
    `You answer enquiries about government services of the Greater Bay Area, in ${LANGUAGE[lang]}.`,
    'Use only the records below. Cite every record you use by its id in square brackets, e.g. [svc-hk-td-direct-issue-dl].',
    'If the records do not answer the question, say so. Never give personal data.',
    '',
    ...records.map((r) => `[${r.id}] (${r.kind}) ${r.title}\n${r.text}${r.url ? `\n${r.url}` : ''}`),
  ].join('\n');

export class OpenAiCompatibleModel implements LanguageModel {
  readonly name: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.name = `${options.model} at ${options.url}`;
  }

  async complete({ question, lang, records }: Parameters<LanguageModel['complete']>[0]): Promise<ModelAnswer> {
    const response = await fetch(`${this.options.url.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: this.options.model,
        temperature: 0,
        messages: [
          { role: 'system', content: prompt(records, lang) },
          { role: 'user', content: question },
        ],
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    if (!response.ok) throw new Error(`the language model answered HTTP ${response.status}`);
    const body = (await response.json()) as { choices?: { message?: { content?: string } }[] };
    const text = body.choices?.[0]?.message?.content?.trim();
    if (!text) throw new Error('the language model returned no text');
    const citations = [...new Set([...text.matchAll(/\[([A-Za-z0-9][\w:-]*)\]/g)].map((m) => m[1] as string))];
    return { text, citations };
  }
}
