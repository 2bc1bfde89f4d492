import {
  composeEnvironment,
  kubernetesDeployments,
  kubernetesEnvironment,
  kubernetesMemory,
  SECRET_VALUE,
} from './deployment-environment';

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

  // V8 sizes its heap from the host's memory, not the container's limit, and collects late: under the fault
  // suite's backlog the stages, the audit writer and the gateway outgrew 384Mi and would be OOM-killed, again and
  // again, by the same backlog; the delivery API holds every delivery of the retention (docs/adr/0012, 0015).
  it('knows every service Deployment, so none is left out of the rule below', () => {
    expect(kubernetesDeployments().sort()).toEqual(
      expect.arrayContaining(['audit-writer', 'delivery-api', 'gateway', 'lag-monitor', 'redactor', 'router']),
    );
  });

  it.each(kubernetesDeployments())(
    'caps the %s heap at half its memory limit, leaving the rest to Kafka buffers',
    (deployment) => {
      const { limitBytes, heapBytes } = kubernetesMemory(deployment);
      expect(limitBytes).toBeGreaterThan(0);
      expect(heapBytes).toBeGreaterThan(0);
      expect(heapBytes).toBeLessThanOrEqual((limitBytes ?? 0) / 2);
    },
  );
});
