import { deploymentEnvironments } from '@ksb/deploy-manifests';
import { loadGatewayConfig } from './gateway.config';

// A variable the app requires and a manifest leaves out would show only when the pod or container starts.
it.each(deploymentEnvironments('gateway'))('the gateway loads its configuration from what %s gives it', (_, env) =>
  expect(() => loadGatewayConfig(env())).not.toThrow(),
);
