/**
 * The event-transport contract against a real Kafka, when KAFKA_BROKERS is set (`docker compose up
 * kafka`, then `npm run test:integration`). Without it the suite is skipped, and says so.
 */
import { describe, it } from 'vitest';
import { KafkaTransport } from '../../connectors/transport/kafka/kafka-transport.js';
import { eventTransportContract } from '../contracts/event-transport.contract.js';

const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);

if (brokers?.length) {
  eventTransportContract('Kafka', {
    open: async () => new KafkaTransport({ brokers, clientId: `gba-contract-${process.pid}` }),
  });
} else {
  describe('event transport contract: Kafka', () => {
    it.skip('skipped: KAFKA_BROKERS is not set (start Kafka with `docker compose up kafka`, then `npm run test:integration`)', () => {});
  });
}
