/** Solves the queue's proof of work off the main thread, reporting how many solutions it has tried. */
import { CHUNK, searchChunk } from './pow-solve.js';

// The worker's global scope (the project's lib is DOM's, not WebWorker's: the two clash).
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ challenge: string; bits: number }>) => void) | null;
  postMessage(message: { solution?: string; tried: number }): void;
};

scope.onmessage = (event) => {
  const { challenge, bits } = event.data;
  for (let start = 0; ; start += CHUNK) {
    const solution = searchChunk(challenge, bits, start, CHUNK);
    if (solution !== null) {
      scope.postMessage({ solution, tried: start + CHUNK });
      return;
    }
    scope.postMessage({ tried: start + CHUNK });
  }
};
