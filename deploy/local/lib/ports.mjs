// Port checks: a busy port must be reported with the process that holds it, not as a vague start failure.
import net from 'node:net';
import { execFileSync } from 'node:child_process';

export const canConnect = (port, host = '127.0.0.1', timeoutMs = 1000) =>
  new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

export const whoListensOn = (port) => {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    const match = out.match(/users:\(\("([^"]+)",pid=(\d+)/);
    return match ? `${match[1]} (pid ${match[2]})` : 'an unknown process';
  } catch {
    return 'an unknown process';
  }
};

/** Returns a message per busy port, empty when all are free. */
export const busyPorts = async (ports) => {
  const messages = [];
  for (const port of ports) {
    if (await canConnect(port)) messages.push(`port ${port} is already in use by ${whoListensOn(port)}`);
  }
  return messages;
};
