import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { callbackSignature, CALLBACK_HEADER, CALLBACK_MAX_AGE_SECONDS } from './callbacks';

const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'docs', 'examples', 'callback-receiver.mjs');
const secret = 'the-office-secret-for-the-readme-receiver';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The README's 20-line receiver, run as an office would run it, against calls signed as the bridge signs. */
describe('docs/examples/callback-receiver.mjs', () => {
  let receiver: ChildProcess;
  let url = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    receiver = spawn(process.execPath, [EXAMPLE], {
      env: { ...process.env, KSB_CALLBACK_SECRET: secret, PORT: String(port) },
      stdio: 'ignore',
    });
    for (let i = 0; i < 50; i++) {
      if (
        await fetch(url, { method: 'POST' }).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(() => {
    receiver.kill();
  });

  const post = (timestamp: number, body: string, signedWith = secret) =>
    fetch(url, {
      method: 'POST',
      headers: {
        [CALLBACK_HEADER.timestamp]: String(timestamp),
        [CALLBACK_HEADER.authentication]: callbackSignature(signedWith, String(timestamp), body),
      },
      body,
    }).then((r) => r.status);

  it('takes a fresh signed call once and refuses its replay, a stale one and a wrong signature', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'delivery', deliveryId: 'd-1' });
    expect(await post(now, body)).toBe(204);
    expect(await post(now, body)).toBe(401);
    expect(await post(now - CALLBACK_MAX_AGE_SECONDS - 5, body)).toBe(401);
    expect(await post(now, body.replace('d-1', 'd-2'), 'another-secret')).toBe(401);
    expect(await post(now, body.replace('d-1', 'd-3'))).toBe(204);
  });
});
