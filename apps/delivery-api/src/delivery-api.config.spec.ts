import { deploymentEnvironments } from '@ksb/deploy-manifests';
import { loadDeliveryApiConfig } from './delivery-api.config';

describe('delivery API configuration', () => {
  const [, compose] = deploymentEnvironments('delivery-api')[0];

  it('refuses to listen beyond loopback without the operations token that guards /metrics', () => {
    const { KSB_OPS_TOKEN: _, ...withoutToken } = compose();
    expect(() => loadDeliveryApiConfig(withoutToken)).toThrow(/KSB_OPS_TOKEN.*needs KSB_OPS_TOKEN/s);
  });

  it('serves loopback without one, as the local stack does', () => {
    const {
      KSB_OPS_TOKEN: _,
      KSB_DELIVERY_API_TLS_CERT_FILE: __,
      KSB_DELIVERY_API_TLS_KEY_FILE: ___,
      ...rest
    } = compose();
    expect(() => loadDeliveryApiConfig({ ...rest, KSB_DELIVERY_API_HOST: '127.0.0.1' })).not.toThrow();
  });
});
