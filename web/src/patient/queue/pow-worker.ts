/// <reference lib="webworker" />
/** Solves the queue's proof of work off the main thread, reporting how many solutions it has tried. */
import { CHUNK, searchChunk } from './pow-solve.js';

self.onmessage = (event: MessageEvent<{ challenge: string; bits: number }>) => {
  const { challenge, bits } = event.data;
  for (let start = 0; ; start += CHUNK) {
    const solution = searchChunk(challenge, bits, start, CHUNK);
    if (solution !== null) {
      self.postMessage({ solution, tried: start + CHUNK });
      return;
    }
    self.postMessage({ tried: start + CHUNK });
  }
};
