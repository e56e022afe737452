/** The admin calls of the waiting room, as TanStack queries and mutations. */
import {
  type CreateRoomRequest,
  RoomDashboardResponse,
  RoomListResponse,
  RoomResponse,
  type UpdateRoomRequest,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';

const roomsKey = ['admin', 'waiting-rooms'] as const;
const dashboardKey = (id: string) => ['admin', 'waiting-rooms', id, 'dashboard'] as const;

export function useRooms() {
  return useQuery({
    queryKey: roomsKey,
    queryFn: () => api.get('/api/admin/waiting-rooms', { schema: RoomListResponse }).then((r) => r.data),
    refetchInterval: 5000,
  });
}

export function useCreateRoom() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CreateRoomRequest>) =>
      api.post('/api/admin/waiting-rooms', { body, schema: RoomResponse }).then((r) => r.data),
    onSuccess: () => client.invalidateQueries({ queryKey: roomsKey }),
  });
}

export function useDashboard(id: string) {
  return useQuery({
    queryKey: dashboardKey(id),
    queryFn: () =>
      api
        .get(`/api/admin/waiting-rooms/${encodeURIComponent(id)}/dashboard`, { schema: RoomDashboardResponse })
        .then((r) => r.data),
    refetchInterval: 5000,
  });
}

export function useUpdateRoom(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRoomRequest) =>
      api
        .patch(`/api/admin/waiting-rooms/${encodeURIComponent(id)}`, { body, schema: RoomResponse })
        .then((r) => r.data),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: dashboardKey(id) }),
        client.invalidateQueries({ queryKey: roomsKey }),
      ]),
  });
}
