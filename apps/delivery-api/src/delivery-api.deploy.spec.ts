import { deploymentEnvironments } from '@ksb/deploy-manifests';
import { loadDeliveryApiConfig } from './delivery-api.config';

// A variable the app requires and a manifest leaves out would show only when the pod or container starts.
it.each(deploymentEnvironments('delivery-api'))(
  'the delivery-api loads its configuration from what %s gives it',
  (_, env) => expect(() => loadDeliveryApiConfig(env())).not.toThrow(),
);
