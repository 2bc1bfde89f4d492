import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDeliveryApi, waitUntil, type TestGateway } from '@ksb/testing-broker';
import { deliveryWorld } from './delivery-world';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

/**
 * The office inbox in Debian's Chromium (issue 13): a Jugendamt signs in with its key, sees the danger-now
 * notice first, opens it with the keyboard (German labels), accepts it; the police office sees the case's
 * trail. Every control is labelled and the page loads nothing from anywhere else.
 */
describe('office inbox page in Chromium (broker)', () => {
  const world = deliveryWorld('inbox-test', { audit: true });
  const { broker } = world;
  let api: TestGateway;
  let browser: Browser;
  let correlationId = '';

  const signIn = async (office: string): Promise<{ page: Page; requests: string[] }> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const response = await page.goto(`${api.baseUrl}/inbox`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await page.focus('#key');
    await page.keyboard.type(api.keys[office]);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#inbox:not([hidden])');
    return { page, requests };
  };

  beforeAll(async () => {
    await world.up();
    api = await startDeliveryApi(broker, ['ja-stadt-hilden', 'kpb-mettmann']);
    await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    correlationId = (
      await world.ingest.publish('kpb-mettmann', 'police-notification', {
        ...exampleContent(POLICE_EXAMPLE),
        urgency: 'DANGER_NOW',
      })
    ).correlationId;
    browser = await chromium.launch({
      executablePath: process.env.KSB_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await world.down(api?.service);
  });

  it('lets the Jugendamt open the danger-now notice first, read it in German and accept it, by keyboard', async () => {
    const { page, requests } = await signIn('ja-stadt-hilden');
    // Locators, not page-side functions: the page's Content-Security-Policy forbids evaluating strings.
    await page.locator('#deliveries tr[data-id]').nth(1).waitFor({ timeout: 30_000 });
    expect(await page.locator('#deliveries tr[data-id]').count()).toBe(2);
    expect(await page.getAttribute('#deliveries tr[data-id] >> nth=0', 'data-urgency')).toBe('DANGER_NOW');
    expect(await page.textContent('#deliveries tr[data-id] >> nth=0')).toContain('Gefahr im Verzug');

    await page.focus('#deliveries tr[data-id] >> nth=0 >> button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail:not([hidden])');
    expect(await page.locator('#detail-heading:focus').count()).toBe(1);
    const fields = (await page.textContent('#fields')) ?? '';
    for (const label of ['Dringlichkeit', 'Kinder', 'Gewöhnlicher Aufenthalt', 'Gemeinde'])
      expect(fields).toContain(label);
    expect(fields).not.toMatch(/\bhabitualResidence\b|\bmunicipalityName\b/);

    await page.focus('#accept');
    await page.keyboard.press('Enter');
    await page.locator('#message', { hasText: 'angenommen' }).waitFor();
    await page.locator('#deliveries tr[data-urgency="DANGER_NOW"]', { hasText: 'angenommen' }).waitFor();

    const controls = await page.locator('input, select').evaluateAll((all) => all.map((e) => e.id));
    expect(controls.length).toBeGreaterThanOrEqual(3);
    for (const id of controls) expect([id, await page.locator(`label[for="${id}"]`).count()]).toEqual([id, 1]);
    expect(requests.filter((url) => !url.startsWith(api.baseUrl))).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'inbox-jugendamt.png'), fullPage: true });
    expect(statSync(join(ARTIFACTS, 'inbox-jugendamt.png')).size).toBeGreaterThan(10_000);
  }, 90_000);

  it('shows the police office the trail of the case it sent, up to the acceptance', async () => {
    const { page } = await signIn('kpb-mettmann');
    await page.waitForSelector(`#cases tr[data-case="${correlationId}"]`, { timeout: 30_000 });
    // The audit trail may lag the acceptance by a moment: ask again until the step is there.
    await waitUntil(
      async () => {
        await page.focus(`#cases tr[data-case="${correlationId}"] button`);
        await page.keyboard.press('Enter');
        return page.locator('#trail li[data-status="ACCEPTED"]').count();
      },
      (n) => n === 1,
      { what: 'the acceptance in the trail', timeoutMs: 30_000 },
    );
    const trail = (await page.textContent('#trail')) ?? '';
    for (const step of ['gesendet', 'zugeordnet', 'zugestellt', 'geöffnet', 'angenommen'])
      expect(trail).toContain(step);
    await page.screenshot({ path: join(ARTIFACTS, 'inbox-police-trail.png'), fullPage: true });
    expect(statSync(join(ARTIFACTS, 'inbox-police-trail.png')).size).toBeGreaterThan(10_000);
  }, 90_000);
});
