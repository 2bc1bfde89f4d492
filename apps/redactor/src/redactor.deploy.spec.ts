import { composeEnvironment, kubernetesEnvironment } from '@ksb/deploy-manifests';
import { loadRedactorConfig } from './redactor.config';

// A variable the app requires and a manifest leaves out shows only when the pod or container starts and exits.
describe('the redactor as the deploy manifests start it', () => {
  it.each([
    ['deploy/compose.yaml', () => composeEnvironment('redactor')],
    ['deploy/k8s', () => kubernetesEnvironment('redactor')],
  ])('loads its configuration from what %s gives it', (_, environment) => {
    expect(() => loadRedactorConfig(environment())).not.toThrow();
  });
});
