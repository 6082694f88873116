/**
 * Bounds the photos one process holds and decodes at once. An upload is admitted before its body is
 * read (so a refusal costs nothing), waits for one of `concurrency` decoding slots, and leaves when it is
 * done. At most `concurrency + queue` are admitted at once, each at most `VIGIE_UPLOAD_MAX_BYTES` in
 * memory, so the memory of uploads is bounded whatever the number of clients; beyond, the caller
 * answers 503 at once rather than letting requests pile up.
 */
export interface UploadGate {
  /** Admits one upload, or null when the decoding slots and the queue are all taken. */
  tryEnter(): UploadPass | null;
  /** Uploads admitted now: being received, waiting or being decoded (for tests and monitoring). */
  admitted(): number;
}

export interface UploadPass {
  /** Runs `work` once a decoding slot is free (in arrival order), and frees the slot after it. */
  decode<T>(work: () => Promise<T>): Promise<T>;
  /** Gives the admission back (once, however often it is called). */
  leave(): void;
}

export function createUploadGate(limits: { concurrency: number; queue: number }): UploadGate {
  let admitted = 0;
  let decoding = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the next waiting upload; only when none waits is it freed.
    if (next) next();
    else decoding--;
  };
  return {
    tryEnter() {
      if (admitted >= limits.concurrency + limits.queue) return null;
      admitted++;
      let left = false;
      return {
        async decode(work) {
          if (decoding < limits.concurrency) decoding++;
          else await new Promise<void>((resolve) => waiting.push(resolve));
          try {
            return await work();
          } finally {
            release();
          }
        },
        leave() {
          if (left) return;
          left = true;
          admitted--;
        },
      };
    },
    admitted: () => admitted,
  };
}
