/** One Server-Sent Event of the agent inbox's stream, its data parsed. */
export interface StreamEvent {
  type: string;
  data: any;
}

/**
 * Opens a Server-Sent Events stream (the agent inbox's `GET /api/agent/events`) as a browser's
 * EventSource would read it: `next()` gives the next event with both a type and data, or
 * 'ended' once the server has closed the stream; `within(ms)` the same, or 'still open' when
 * nothing came in `ms` (its timer cleared either way: one left pending fails the file under the
 * shared workers' guard, `leftBehind.ts`); `close()` aborts it (a pending `next()` then rejects).
 */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const stream = {
    response,
    async next(): Promise<StreamEvent | 'ended'> {
      for (;;) {
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const type = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (type && data) return { type, data: JSON.parse(data) };
        }
        const { value, done } = await reader.read();
        if (done) return 'ended';
        buffer += decoder.decode(value, { stream: true });
      }
    },
    async within(ms: number): Promise<StreamEvent | 'ended' | 'still open'> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = new Promise<'still open'>((resolve) => {
        timer = setTimeout(() => resolve('still open'), ms);
      });
      try {
        return await Promise.race([stream.next(), waited]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => controller.abort(),
  };
  return stream;
}
