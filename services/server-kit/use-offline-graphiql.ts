/**
 * GraphiQL with no CDN: Yoga's default page loads GraphiQL from unpkg.com, a blank page on an
 * intranet. The same GraphiQL build, from the npm package `@graphql-yoga/render-graphiql`, is served
 * by the gateway and each subgraph as files under `/graphiql-assets/` (cacheable, loaded once per browser), and the
 * page references only those: no inline script, its options in a JSON data block. The 15 MB of
 * assets are loaded into memory at the first request for one, not at start.
 */
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

export const GRAPHIQL_ASSETS = '/graphiql-assets';

const WORKERS = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };

/** Points Monaco's workers at our files; set before GraphiQL loads, as Yoga's own page does. */
const ENV = `self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (_moduleId, label) {
    var workers = ${JSON.stringify(WORKERS)};
    return '${GRAPHIQL_ASSETS}/' + (workers[label] || workers.editorWorkerService);
  },
};
`;

/** Renders GraphiQL with the page's options. */
const INIT = `YogaGraphiQL.renderYogaGraphiQL(
  document.getElementById('root'),
  JSON.parse(document.getElementById('graphiql-options').textContent),
);
`;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/**
 * GraphiQL names its editor tab after the first `query <word>` anywhere in the text, comments
 * included: its own welcome text ("An example GraphQL query might look like") titled the tab
 * "might". Ours names the operation, and its comments avoid the keywords. Yoga fills in its own
 * text before rendering, so the servers pass this one in their `graphiql` options.
 */
export const DEFAULT_QUERY = `# GBA Exchange GraphiQL
#
# Write an operation here and run it with the Run button or Ctrl-Enter.
# The Docs pane lists every type and field.

query GBAExchangeGraphiQL {
  __typename
}
`;

export function renderOfflineGraphiQL(options: GraphiQLOptions = {}): string {
  const title = escapeHtml(options.title ?? 'GraphiQL');
  // `<` escaped so no option can close the data block.
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS}/graphiql.css"></head>
<body id="body" class="no-focus-outline"><noscript>GraphiQL needs JavaScript.</noscript><div id="root"></div>
<script type="application/json" id="graphiql-options">${json}</script>
<script src="${GRAPHIQL_ASSETS}/env.js"></script>
<script src="${GRAPHIQL_ASSETS}/graphiql.js"></script>
<script src="${GRAPHIQL_ASSETS}/init.js"></script>
</body></html>`;
}

type Assets = Readonly<Record<string, { readonly body: string; readonly type: string }>>;
let assets: Promise<Assets> | undefined;

function loadAssets(): Promise<Assets> {
  assets ??= import('@graphql-yoga/render-graphiql/graphiql').then((g) => {
    const js = 'text/javascript; charset=utf-8';
    return {
      'graphiql.css': { body: g.css, type: 'text/css; charset=utf-8' },
      'graphiql.js': { body: g.js, type: js },
      'env.js': { body: ENV, type: js },
      'init.js': { body: INIT, type: js },
      [WORKERS.editorWorkerService]: { body: g.editorWorkerService, type: js },
      [WORKERS.json]: { body: g.jsonWorker, type: js },
      [WORKERS.graphql]: { body: g.graphqlWorker, type: js },
    };
  });
  return assets;
}

/** Serves GraphiQL's files under `/graphiql-assets/`; pair with `renderGraphiQL: renderOfflineGraphiQL`. */
export function useGraphiQLAssets(): Plugin {
  return {
    // Not async: an async hook made every request wait a turn of promises here, GraphQL ones included.
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !url.pathname.startsWith(`${GRAPHIQL_ASSETS}/`)) return;
      return loadAssets().then((assets) => {
        const asset = assets[url.pathname.slice(GRAPHIQL_ASSETS.length + 1)];
        endResponse(
          asset
            ? new fetchAPI.Response(asset.body, {
                headers: { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' },
              })
            : new fetchAPI.Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }),
        );
      });
    },
  };
}
