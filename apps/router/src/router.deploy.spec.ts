import { deploymentEnvironments } from '@ksb/deploy-manifests';
import { loadRouterConfig } from './router.config';

// A variable the app requires and a manifest leaves out would show only when the pod or container starts.
it.each(deploymentEnvironments('router'))('the router loads its configuration from what %s gives it', (_, env) =>
  expect(() => loadRouterConfig(env())).not.toThrow(),
);
