/** The video REST endpoints (see @ingang/contracts video.ts), as plain calls and TanStack hooks. */
import {
  type CreateVideoInvitationRequest,
  type CreateVideoMeetingRequest,
  GuestLinkResponse,
  JoinResponse,
  VideoInvitationResponse,
  VideoInviteeListResponse,
  VideoMeetingListResponse,
  VideoMeetingResponse,
} from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.js';

export const meetingsKey = ['video', 'meetings'] as const;
const enc = encodeURIComponent;

/** The caller's meetings (citizen: own and those acted for, video bookings included; staff: theirs). */
export function useMyMeetings(enabled = true) {
  return useQuery({
    queryKey: meetingsKey,
    enabled,
    queryFn: () => api.get('/api/video/meetings', { schema: VideoMeetingListResponse }).then((r) => r.data),
    refetchInterval: 60_000,
  });
}

export function useMeeting(id: string) {
  return useQuery({
    queryKey: [...meetingsKey, id],
    queryFn: () => api.get(`/api/video/meetings/${enc(id)}`, { schema: VideoMeetingResponse }).then((r) => r.data),
  });
}

/** The meeting of a booked video time (created on the first call). */
export function meetingForBooking(bookingId: string) {
  return api
    .post(`/api/video/bookings/${enc(bookingId)}/meeting`, { body: {}, schema: VideoMeetingResponse })
    .then((r) => r.data);
}

export function joinMeeting(id: string) {
  return api.post(`/api/video/meetings/${enc(id)}/join`, { body: {}, schema: JoinResponse }).then((r) => r.data);
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateVideoMeetingRequest) =>
      api.post('/api/video/meetings', { body, schema: VideoMeetingResponse }).then((r) => r.data),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meetingsKey }),
  });
}

export function useInvitees(meetingId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...meetingsKey, meetingId, 'invitations'],
    enabled,
    queryFn: () =>
      api
        .get(`/api/video/meetings/${enc(meetingId)}/invitations`, { schema: VideoInviteeListResponse })
        .then((r) => r.data),
  });
}

export function useInvite(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateVideoInvitationRequest) =>
      api
        .post(`/api/video/meetings/${enc(meetingId)}/invitations`, { body, schema: VideoInvitationResponse })
        .then((r) => r.data),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...meetingsKey, meetingId, 'invitations'] }),
  });
}

export function useGuestLink(token: string) {
  return useQuery({
    queryKey: ['video', 'guest', token],
    retry: false,
    queryFn: () => api.get(`/api/video/guest/${enc(token)}`, { schema: GuestLinkResponse }).then((r) => r.data),
  });
}

export function guestJoin(token: string, displayName: string) {
  return api
    .post(`/api/video/guest/${enc(token)}/join`, { body: { displayName }, schema: JoinResponse })
    .then((r) => r.data);
}
