/**
 * Calls `tick` every `periodMs`, the first time after a random part of the period: streams opened
 * together (a burst of reconnections after a restart, a bench) would otherwise all re-read the database
 * in the same instant, every period. Returns the function that stops it.
 */
export function startHeartbeat(tick: () => void, periodMs: number): () => void {
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      tick();
      interval = setInterval(tick, periodMs);
    },
    Math.floor(Math.random() * periodMs),
  );
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}
