import { deploymentEnvironments } from '@ksb/deploy-manifests';
import { loadLagMonitorConfig } from './lag-monitor.config';

// A variable the app requires and a manifest leaves out would show only when the pod or container starts.
it.each(deploymentEnvironments('lag-monitor'))(
  'the lag-monitor loads its configuration from what %s gives it',
  (_, env) => expect(() => loadLagMonitorConfig(env())).not.toThrow(),
);
