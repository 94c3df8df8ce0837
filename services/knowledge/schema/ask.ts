/** `ask(question, lang)`: the assistant, grounded in the graph, citing every record it used. */
import { badUserInput } from '../../../schema/errors.js';
import { INPUT_LIMITS } from '../../../schema/input-limits.js';
import { answer, type Citation } from '../assistant/answer.js';
import { redact } from '../assistant/redact.js';
import { builder } from './builder.js';
import { LangEnum } from './search.js';

const MAX_QUESTION = INPUT_LIMITS.question;

const CitationKind = builder.enumType('CitationKind', {
  values: {
    SERVICE: { value: 'Service' },
    PRACTICE: { value: 'Practice' },
    ANNOUNCEMENT: { value: 'Announcement' },
  } as const,
});

const CitationRef = builder.objectRef<Citation>('Citation').implement({
  description: 'A record the answer rests on.',
  fields: (t) => ({
    kind: t.field({ type: CitationKind, resolve: (c) => c.kind }),
    id: t.exposeID('id'),
    title: t.exposeString('title', { description: 'In the answer’s language.' }),
    url: t.exposeString('url', { nullable: true }),
  }),
});

const AnswerRef = builder.objectRef<Awaited<ReturnType<typeof answer>>>('Answer').implement({
  fields: (t) => ({
    lang: t.field({ type: LangEnum, resolve: (a) => a.lang }),
    known: t.exposeBoolean('known', { description: 'False when the records do not cover the question.' }),
    text: t.exposeString('text'),
    citations: t.field({ type: [CitationRef], resolve: (a) => [...a.citations] }),
    suggestions: t.field({
      type: [CitationRef],
      description: 'The closest records (services, practices, announcements), when the answer is not known.',
      resolve: (a) => [...a.suggestions],
    }),
  }),
});

builder.queryField('ask', (t) =>
  t.field({
    description:
      'Answers an enquiry from the graph in the asker’s language (detected when lang is absent), citing every record used; says so when it does not know.',
    type: AnswerRef,
    args: { question: t.arg.string({ required: true }), lang: t.arg({ type: LangEnum, required: false }) },
    resolve: async (_root, { question, lang }, ctx) => {
      const text = question.trim();
      if (text.length === 0 || text.length > MAX_QUESTION)
        throw badUserInput('question', `must be 1 to ${MAX_QUESTION} characters`);
      const result = await answer(ctx.store, text, {
        ...(lang ? { lang } : {}),
        ...(ctx.languageModel ? { model: ctx.languageModel } : {}),
        onModelRefused: (reason) => ctx.log.warn({ reason }, 'assistant: the language model’s answer was not used'),
      });
      // The question log keeps no identity numbers, phone numbers or e-mail addresses.
      ctx.log.info(
        { question: redact(text), known: result.known, citations: result.citations.map((c) => c.id) },
        'assistant question',
      );
      return result;
    },
  }),
);
