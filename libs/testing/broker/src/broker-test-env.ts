import { z } from 'zod';
import { kafkaVariables, loadConfig } from '@ksb/config';

/** Broker tests run against the stack that `npm test` starts (or KSB_KAFKA_BROKERS / KSB_REGISTRY_URL). */
export const brokerTestEnv = () => loadConfig('broker-tests', z.object(kafkaVariables));
