import { composeEnvironment, kubernetesEnvironment } from '@ksb/deploy-manifests';
import { loadDeliveryApiConfig } from './delivery-api.config';

// A variable the app requires and a manifest leaves out shows only when the pod or container starts and exits.
describe('the delivery-api as the deploy manifests start it', () => {
  it.each([
    ['deploy/compose.yaml', () => composeEnvironment('delivery-api')],
    ['deploy/k8s', () => kubernetesEnvironment('delivery-api')],
  ])('loads its configuration from what %s gives it', (_, environment) => {
    expect(() => loadDeliveryApiConfig(environment())).not.toThrow();
  });
});
