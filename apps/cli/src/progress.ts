/**
 * A progress bar on stderr for long audit runs; silent when stderr is not a terminal (CI, pipes), so
 * output files and logs stay clean.
 */
export const progressBar = (label: string, stream: NodeJS.WriteStream = process.stderr) => {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let lastDraw = 0;
  const draw = (read: number, total: number) => {
    const share = total > 0 ? Math.min(1, read / total) : 1;
    const width = 30;
    const rate = Math.round(read / Math.max(0.001, (Date.now() - started) / 1000));
    stream.write(
      `\r${label} [${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ${Math.round(share * 100)}% ${read}/${total} (${rate}/s)`,
    );
  };
  return {
    update: ({ read, total }: { read: number; total: number }) => {
      if (Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      draw(read, total);
    },
    done: (read: number, total: number) => {
      draw(read, total);
      stream.write('\n');
    },
  };
};
