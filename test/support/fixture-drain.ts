import { pino } from 'pino';
import { drain } from '../../connectors/pipeline/drain.js';
import type { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import type { GatewayFixture } from './gateway-fixture.js';

/** The connectors' drain of `published` into a gateway fixture's engines, at the consent gate's clock `now`. */
export const drainInto = (
  fx: GatewayFixture,
  transport: SqliteEventLog,
  published: Parameters<typeof drain>[0]['published'],
  now: () => Date,
) =>
  drain({
    published,
    transport,
    store: fx.store,
    audit: fx.audit,
    receipts: fx.receipts,
    partnerKeys: fx.partnerKeys,
    traffic: fx.traffic,
    log: pino({ level: 'silent' }),
    now,
  });
