import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentPlan, strimziResources } from './acl.command';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('ksb acl and ksb strimzi', () => {
  it('keeps deploy/k8s/strimzi in step with the plan (regenerate with bin/ksb strimzi)', () => {
    const committed = readFileSync(join(ROOT, 'deploy', 'k8s', 'strimzi', 'kafka-resources.yaml'), 'utf8');
    expect(committed.trim()).toBe(strimziResources().trim());
  });

  it('plans a principal for every office of the bundled directory and every stage', () => {
    const principals = new Set(currentPlan().map((r) => r.principal));
    expect(principals).toContain('User:office-kja-kreis-soest');
    expect(principals).toContain('User:ksb-router');
    expect([...principals].filter((p) => p.startsWith('User:office-')).length).toBeGreaterThan(30);
  });
});
