/**
 * What the gateway and its door for whole queries (whole-query-door.ts) share: the query texts the
 * gateway has let through and sent whole to a subgraph of this process (use-single-subgraph.ts), with
 * how to send each again; the request ids; and the requests the door began and hands back to the
 * gateway, so that the gateway answers them under the ids, start time and subgraph answer the door
 * already has (its own pipeline then writes the answer, as for any request).
 */
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { LocalAnswer } from '../server-kit/in-process.js';
import { RequestIds } from '../server-kit/request-id.js';

/** An operation the gateway has sent whole to a subgraph of this process, after every check of its own. */
export interface WholeQuery {
  readonly subgraph: string;
  /** The operation's own name: the metrics label of a request that names none. */
  readonly name: string | undefined;
  /** Sends it as the gateway's one-fetch path does; undefined for variables the gateway would refuse. */
  send(request: Request, params: GraphQLParams): Promise<LocalAnswer> | undefined;
}

/** A request the door read and hands back to the gateway. */
export interface HandOff {
  readonly startedAt: number;
  /** The door's request the subgraph was sent, with its ids and verification; none when nothing was sent. */
  readonly sent?: {
    readonly request: Request;
    readonly subgraph: string;
    readonly answer: Promise<LocalAnswer>;
  };
}

/** The documents the gateway keeps (Yoga's parser cache) number 1,000; so do these. */
const MAX_QUERIES = 1000;

export class WholeQueries {
  /** The ids of the gateway's requests, whichever door they came in by (request-id.ts). */
  readonly ids = new RequestIds();
  private readonly byText = new Map<string, Map<string, WholeQuery>>();
  /** By the node request the gateway's server context carries. */
  private readonly handOffs = new WeakMap<object, HandOff>();
  /** The gateway's requests made of a hand-off. */
  private readonly handedOff = new WeakMap<Request, HandOff>();

  constructor(private readonly maxTextLength = Number.POSITIVE_INFINITY) {}

  /** Told by the gateway's one-fetch path of each query text it sends whole to a subgraph of this process. */
  learn(query: string, operationName: string | null | undefined, whole: () => WholeQuery): void {
    if (query.length > this.maxTextLength) return;
    let byName = this.byText.get(query);
    if (!byName) {
      if (this.byText.size >= MAX_QUERIES) this.byText.delete(this.byText.keys().next().value as string);
      byName = new Map();
      this.byText.set(query, byName);
    }
    if (!byName.has(operationName ?? '')) byName.set(operationName ?? '', whole());
  }

  find(query: string, operationName: string | null | undefined): WholeQuery | undefined {
    return this.byText.get(query)?.get(operationName ?? '');
  }

  /** The door hands a node request it has read back to the gateway. */
  handOff(nodeRequest: object, handOff: HandOff): void {
    this.handOffs.set(nodeRequest, handOff);
  }

  /**
   * First of the gateway's plugins: a request handed back by the door takes the door's ids (the ones
   * the subgraph answered under), and its start time and answer are kept for the plugins that ask.
   */
  plugin(): Plugin {
    return {
      onRequest: ({ request, serverContext }) => {
        const nodeRequest = (serverContext as { req?: object } | undefined)?.req;
        const handOff = nodeRequest && this.handOffs.get(nodeRequest);
        if (!handOff || !nodeRequest) return;
        this.handOffs.delete(nodeRequest);
        this.handedOff.set(request, handOff);
        if (handOff.sent) this.ids.adopt(request, handOff.sent.request);
      },
    };
  }

  /** When the door took the request in, for a request it handed back. */
  startedAtOf(request: Request): number | undefined {
    return this.handedOff.get(request)?.startedAt;
  }

  /** The subgraph's answer the door already has for this request, taken once. */
  answerOf(request: Request, subgraph: string): Promise<LocalAnswer> | undefined {
    const sent = this.handedOff.get(request)?.sent;
    if (sent?.subgraph !== subgraph) return undefined;
    this.handedOff.delete(request);
    return sent.answer;
  }
}
