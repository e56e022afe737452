/**
 * A deep link into booking with the time chosen (from the public slot feed,
 * SMART Scheduling Links: `/boka?typ=…&tid=<slot>&start=<instant>&enhet=…`):
 * the time is looked up among the free times starting at that instant and, if
 * still free, the confirmation step opens with it; otherwise the search shows.
 */
import { type FreeSlot, FreeSlotListResponse } from '@ingang/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.js';

export interface Preselection {
  slotId: string;
  timeTypeId: string;
  start: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pre-selected time the URL names, if it names a well-formed one. */
export function readPreselection(params: URLSearchParams): Preselection | null {
  const slotId = params.get('tid') ?? '';
  const timeTypeId = params.get('typ') ?? '';
  const start = params.get('start') ?? '';
  if (!UUID.test(slotId) || !UUID.test(timeTypeId) || Number.isNaN(Date.parse(start))) return null;
  return { slotId, timeTypeId, start };
}

/** The link's time when it is still free (null when taken or gone). */
export function usePreselectedSlot(pre: Preselection | null) {
  return useQuery({
    queryKey: ['slots', 'preselected', pre?.slotId],
    enabled: pre !== null,
    queryFn: async ({ signal }): Promise<FreeSlot | null> => {
      if (!pre) return null;
      const from = new Date(pre.start);
      const params = new URLSearchParams({
        timeTypeId: pre.timeTypeId,
        from: from.toISOString(),
        to: new Date(from.getTime() + 60_000).toISOString(),
        limit: '100',
      });
      const page = await api.get(`/api/slots?${params}`, { schema: FreeSlotListResponse, signal });
      return page.data.find((s) => s.id === pre.slotId) ?? null;
    },
  });
}
