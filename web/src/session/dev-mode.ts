/** Whether the development tools (BankID simulator, dev mailbox) are on: they answer 404 in production. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';

/** True when `GET /api/dev/bankid/orders` answers (development and test); false on 404 or any error. */
export function useDevMode(): boolean | undefined {
  const { data } = useQuery({
    queryKey: ['dev-mode'],
    queryFn: () =>
      api.get('/api/dev/bankid/orders').then(
        () => true,
        () => false,
      ),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return data;
}
