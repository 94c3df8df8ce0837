/**
 * Writes by either door, for tests of what reads see after them: a practice to share through the API,
 * and a partner's service update sent into a running platform's inbound topic (its embedded event log
 * in DATA_DIR), waited for until the connectors applied it, looking at the store, never through a cache.
 */
import { join } from 'node:path';
import { SqliteEventLog } from '../../connectors/transport/embedded/sqlite-event-log.js';
import { TOPICS } from '../../connectors/transport/event-transport.port.js';
import { devPartnerKeys, signedBinary } from './partner-signing.js';
import type { PlatformFixture } from './platform-fixture.js';

export interface ServiceUpdate {
  /** The event's id (unique per test: the connectors apply an id once). */
  readonly id: string;
  /** A service of the Hong Kong Digital Policy Office's (hk-dpo), e.g. svc-hk-cbps-kiosk-mo. */
  readonly serviceId: string;
  /** The new English title: the wait ends when the store holds it. */
  readonly title: string;
}

export async function publishPartnerEvent(fx: PlatformFixture, { id, serviceId, title }: ServiceUpdate): Promise<void> {
  const event = {
    specversion: '1.0',
    id,
    source: 'urn:gba:hk:dpo',
    type: 'hk.gov.service.updated',
    subject: serviceId,
    time: '2026-06-01T09:00:00+08:00',
    datacontenttype: 'application/json',
    data: {
      serviceId,
      agencyId: 'hk-dpo',
      version: 2,
      changedFields: ['title', 'channels'],
      title: { en: title, zhHant: '跨境公共服務自助服務機(澳門)' },
      channels: ['kiosk', 'online'],
      crossBoundary: true,
      zeroRedirection: true,
      paperless: true,
      faceToFaceRequired: false,
      effectiveDate: '2026-06-01',
      url: 'https://www.crossboundaryservices.gov.hk/en/home/index.html',
    },
  };
  const log = new SqliteEventLog({ path: join(fx.dataDir, 'events.db') });
  try {
    await log.publish(TOPICS.inboundHk, [signedBinary(devPartnerKeys(fx.dataDir))(event)]);
  } finally {
    await log.close();
  }
  const deadline = Date.now() + 20_000;
  const applied = async () => (await fx.platform.store.getByIds('Service', [serviceId]))[0]?.title.en === title;
  while (!(await applied()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!(await applied())) throw new Error(`the connectors did not apply ${id} within 20 s`);
}

const text = (en: string) => ({ en, zhHant: `${en}(繁)`, zhHans: `${en}(简)` });

/** A SharePracticeInput titled `title`, of Shenzhen's portal and the topic kiosks. */
export const sharedPractice = (title: string) => ({
  title: text(title),
  summary: text('s'),
  problem: text('p'),
  approach: text('a'),
  results: text('r'),
  lessons: text('l'),
  topics: ['kiosks'],
  relatedServices: ['svc-sz-ishenzhen-portal'],
});
