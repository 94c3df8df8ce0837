/** `npm run bench`: every benchmark, each printing its figures beside a baseline measured in the same run. */
import { benchConsent } from './consent.js';
import { benchGateway } from './gateway.js';
import { benchGraph } from './graph.js';
import { benchIngest } from './ingest.js';
import { benchStart } from './start.js';

await benchGraph();
await benchConsent();
await benchIngest();
await benchGateway();
await benchStart();
