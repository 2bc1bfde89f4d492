import { composeEnvironment, kubernetesEnvironment } from '@ksb/deploy-manifests';
import { loadRouterConfig } from './router.config';

// A variable the app requires and a manifest leaves out shows only when the pod or container starts and exits.
describe('the router as the deploy manifests start it', () => {
  it.each([
    ['deploy/compose.yaml', () => composeEnvironment('router')],
    ['deploy/k8s', () => kubernetesEnvironment('router')],
  ])('loads its configuration from what %s gives it', (_, environment) => {
    expect(() => loadRouterConfig(environment())).not.toThrow();
  });
});
