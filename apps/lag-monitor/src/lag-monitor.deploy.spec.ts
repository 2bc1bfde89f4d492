import { composeEnvironment, kubernetesEnvironment } from '@ksb/deploy-manifests';
import { loadLagMonitorConfig } from './lag-monitor.config';

// A variable the app requires and a manifest leaves out shows only when the pod or container starts and exits.
describe('the lag-monitor as the deploy manifests start it', () => {
  it.each([
    ['deploy/compose.yaml', () => composeEnvironment('lag-monitor')],
    ['deploy/k8s', () => kubernetesEnvironment('lag-monitor')],
  ])('loads its configuration from what %s gives it', (_, environment) => {
    expect(() => loadLagMonitorConfig(environment())).not.toThrow();
  });
});
