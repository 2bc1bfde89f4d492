import { composeEnvironment, kubernetesEnvironment } from '@ksb/deploy-manifests';
import { loadAuditWriterConfig } from './audit-writer.config';

// A variable the app requires and a manifest leaves out shows only when the pod or container starts and exits.
describe('the audit-writer as the deploy manifests start it', () => {
  it.each([
    ['deploy/compose.yaml', () => composeEnvironment('audit-writer')],
    ['deploy/k8s', () => kubernetesEnvironment('audit-writer')],
  ])('loads its configuration from what %s gives it', (_, environment) => {
    expect(() => loadAuditWriterConfig(environment())).not.toThrow();
  });
});
