import { deploymentEnvironments } from '@ksb/deploy-manifests';
import { loadAuditWriterConfig } from './audit-writer.config';

// A variable the app requires and a manifest leaves out would show only when the pod or container starts.
it.each(deploymentEnvironments('audit-writer'))(
  'the audit-writer loads its configuration from what %s gives it',
  (_, env) => expect(() => loadAuditWriterConfig(env())).not.toThrow(),
);
