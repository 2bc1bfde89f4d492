import { composeEnvironment, kubernetesEnvironment } from '@ksb/deploy-manifests';
import { loadGatewayConfig } from './gateway.config';

// A variable the app requires and a manifest leaves out shows only when the pod or container starts and exits.
describe('the gateway as the deploy manifests start it', () => {
  it.each([
    ['deploy/compose.yaml', () => composeEnvironment('gateway')],
    ['deploy/k8s', () => kubernetesEnvironment('gateway')],
  ])('loads its configuration from what %s gives it', (_, environment) => {
    expect(() => loadGatewayConfig(environment())).not.toThrow();
  });
});
