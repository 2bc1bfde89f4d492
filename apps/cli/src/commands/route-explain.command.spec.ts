import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCHEMA_DIR } from '@ksb/contracts';
import { routeExplain } from './route-explain.command';

const example = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8'));
// One directory for the events of this file, removed after its tests.
const dir = mkdtempSync(join(tmpdir(), 'ksb-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let written = 0;
const write = (event: unknown) => {
  const file = join(dir, `event-${written++}.json`);
  writeFileSync(file, JSON.stringify(event));
  return file;
};
const run = async (args: string[]) => {
  const lines: string[] = [];
  const code = await routeExplain(args, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
};

describe('ksb route --explain', () => {
  it('explains who receives a police notification, by rule, legal basis and input', async () => {
    const { code, text } = await run(['--explain', write(example('police-notification.hilden.json'))]);
    expect(code).toBe(0);
    expect(text).toMatch(/→ ja-stadt-hilden\s+CASE_OWNER\s+P2-parents \(§ 86 Abs. 1 SGB VIII\)/);
    expect(text).toMatch(/→ ja-stadt-erkrath\s+ACUTE provisional\s+P1-acute/);
    expect(text).toMatch(/children\[0\]\.currentWhereabouts\.municipalityKey 05158004/);
    expect(text).not.toMatch(/Muster/);
    expect(text).toMatch(
      /^directory \S+: the local files, unsigned \(--signed explains with the routers' signed snapshot\)/,
    );
  });

  it('says dead letter with the reason, and exits 3', async () => {
    const event = example('police-notification.hilden.json');
    event.children[0].currentWhereabouts.municipalityKey = 'x';
    const { code, text } = await run(['--explain', write(event)]);
    expect(code).toBe(3);
    expect(text).toMatch(/✖ dead letter INVALID_MUNICIPALITY_KEY/);
  });

  it('refuses an event that does not match its schema, and exits 1', async () => {
    const { code, text } = await run([
      '--explain',
      write({ ...example('acknowledgement.erkrath.json'), status: 'MAYBE' }),
    ]);
    expect(code).toBe(1);
    expect(text).toMatch(/not a valid acknowledgement: status/);
  });

  it('prints the decision as JSON on request', async () => {
    const { code, text } = await run(['--explain', write(example('jugendamt-urgent-notice.viersen.json')), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(text)).toMatchObject({
      kind: 'routed',
      decision: { recipients: [{ officeId: 'kpb-viersen', rule: 'J7-kpb' }] },
    });
  });
});
