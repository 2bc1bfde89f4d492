// Readiness polling with a deadline; the error names the log to read, because that is where the cause is.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class NotReadyError extends Error {}

export const waitUntil = async ({ what, check, timeoutMs, logFile, isRunning }) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (isRunning && !isRunning()) throw new NotReadyError(`${what} exited during start-up; see ${logFile}`);
    await sleep(250);
  }
  throw new NotReadyError(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s; see ${logFile}`);
};
