import { createServer, type Server, type Socket } from 'node:net';
import { Wire } from '../wire';
import { readRange } from './read-range';

/**
 * A broker that accepts connections and never answers: what a client meets while a restarted broker is still
 * loading. kafkajs then waits out its request time-out on every retry; the read must give up at its own.
 */
const silentBroker = async (): Promise<{ port: number; close(): Promise<void> }> => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
};

describe('readRange', () => {
  it('gives up at its time-out even while the client is still connecting', async () => {
    const broker = await silentBroker();
    const wire = new Wire({
      brokers: [`127.0.0.1:${broker.port}`],
      registryUrl: 'http://127.0.0.1:1',
      clientId: 'read-range-spec',
      logLevel: 'nothing',
      retries: 0,
    });
    try {
      const read = readRange(wire, 'ksb.any', [{ partition: 0, from: '0', to: '10' }], {
        timeoutMs: 1000,
        onMessages: () => undefined,
      });
      // kafkajs's own request time-out is 30 s: only the read's time-out ends it within the test's 20 s.
      await expect(read).rejects.toThrow('reading ksb.any timed out with partitions 0 unfinished');
    } finally {
      await broker.close();
    }
  }, 20_000);
});
