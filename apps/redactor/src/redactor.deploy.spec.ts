import { deploymentEnvironments } from '@ksb/deploy-manifests';
import { loadRedactorConfig } from './redactor.config';

// A variable the app requires and a manifest leaves out would show only when the pod or container starts.
it.each(deploymentEnvironments('redactor'))('the redactor loads its configuration from what %s gives it', (_, env) =>
  expect(() => loadRedactorConfig(env())).not.toThrow(),
);
