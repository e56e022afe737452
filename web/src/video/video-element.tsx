/** A <video> showing a MediaStream (srcObject cannot be set as an attribute). */
import { useEffect, useRef } from 'react';

interface Props {
  stream: MediaStream;
  /** Our own picture: muted (no echo) and mirrored like a mirror. */
  muted?: boolean;
  mirrored?: boolean;
  label: string;
  /** Changes when the stream's tracks change, so the element picks them up. */
  version?: number;
  hidden?: boolean;
}

let sinkId = '';

/** The speaker chosen in the device check; every (unmuted) picture plays its sound there. */
export function setSinkPreference(id: string): void {
  sinkId = id;
}

export function VideoElement({ stream, muted = false, mirrored = false, label, version, hidden = false }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-attaches after the tracks changed.
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    const withSink = video as HTMLVideoElement & { setSinkId?: (id: string) => Promise<void> };
    if (!muted && sinkId && withSink.setSinkId) void withSink.setSinkId(sinkId).catch(() => undefined);
    void video.play().catch(() => undefined);
  }, [stream, version, muted]);
  return (
    <video
      ref={ref}
      className={['video-tile__video', mirrored ? 'video-tile__video--mirrored' : '', hidden ? 'visually-hidden' : '']
        .filter(Boolean)
        .join(' ')}
      autoPlay
      playsInline
      muted={muted}
      aria-label={label}
    />
  );
}
