import { composeEnvironment } from '@ksb/deploy-manifests';
import { loadLagMonitorConfig } from './lag-monitor.config';

describe('the lag monitor configuration', () => {
  it('names a webhook address that is no URL by its variable instead of failing with a TypeError', () => {
    const environment = {
      ...composeEnvironment('lag-monitor'),
      KSB_LAG_ALERT_WEBHOOK_URL: 'not a url',
      KSB_LAG_ALERT_WEBHOOK_SECRET: 'a-shared-secret-of-enough-length',
    };
    expect(() => loadLagMonitorConfig(environment)).toThrow(/KSB_LAG_ALERT_WEBHOOK_URL is invalid/);
    expect(() => loadLagMonitorConfig(environment)).not.toThrow(TypeError);
  });
});
