/** The one TanStack Query client of the app (the API client needs it to forget `me` on 401). */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors.js';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Retrying a 4xx never helps (401, 403, 404); retry network hiccups and 5xx once.
      retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
    // A write without network fails at once (the form says so and keeps what was written) instead
    // of pausing with its spinner and going out unannounced when the network returns.
    mutations: { retry: false, networkMode: 'always' },
  },
});

/** Query key of `GET /api/me`. */
export const meKey = ['me'] as const;
