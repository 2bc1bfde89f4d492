import { composeEnvironment, kubernetesEnvironment, kubernetesMemory, SECRET_VALUE } from './deployment-environment';

describe('the environment the deploy manifests give a service', () => {
  it('reads a compose service with the shared Kafka settings merged in', () => {
    const router = composeEnvironment('router');
    expect(router['KSB_KAFKA_SASL_USERNAME']).toBe('ksb-router');
    expect(router['KSB_KAFKA_BROKERS']).toBeDefined();
  });

  it('reads a Deployment with its ConfigMaps, its own entries and secrets standing in', () => {
    const router = kubernetesEnvironment('router');
    expect(router['KSB_KAFKA_BROKERS']).toBe('ksb-kafka-bootstrap.kafka.svc:9093');
    expect(router['KSB_KAFKA_SASL_USERNAME']).toBe('ksb-router');
    expect(router['KSB_KAFKA_SASL_PASSWORD']).toBe(SECRET_VALUE);
  });

  it('says which service or Deployment it cannot find', () => {
    expect(() => composeEnvironment('no-such-service')).toThrow(/no service no-such-service/);
    expect(() => kubernetesEnvironment('no-such-deployment')).toThrow(/no Deployment no-such-deployment/);
  });

  // V8 sizes its heap from the whole container limit and collects late: under a backlog the stages outgrew
  // 384Mi and would be OOM-killed, again and again, by the same backlog (docs/adr/0012); the delivery API holds
  // every delivery of the retention and would meet the same at its next start (docs/adr/0015).
  it.each(['router', 'redactor', 'delivery-api'])(
    'caps the %s heap at half its memory limit, leaving the rest to Kafka buffers',
    (stage) => {
      const { limitBytes, heapBytes } = kubernetesMemory(stage);
      expect(limitBytes).toBeGreaterThan(0);
      expect(heapBytes).toBeGreaterThan(0);
      expect(heapBytes).toBeLessThanOrEqual((limitBytes ?? 0) / 2);
    },
  );
});
