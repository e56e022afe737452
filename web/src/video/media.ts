/**
 * Local media: asking for camera and microphone, naming what went wrong in a
 * way the device check can explain, listing devices and switching between them.
 * Nothing here is recorded or sent anywhere; the streams stay in the page.
 */

/** Why the browser gave us no camera or microphone. */
export type MediaProblem = 'denied' | 'noDevice' | 'inUse' | 'unsupported' | 'insecure' | 'other';

export class MediaError extends Error {
  constructor(readonly problem: MediaProblem) {
    super(problem);
    this.name = 'MediaError';
  }
}

/** Maps a getUserMedia rejection to the problem the device check explains. */
export function classifyMediaError(error: unknown): MediaProblem {
  if (error instanceof MediaError) return error.problem;
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'noDevice';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'inUse';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'other';
  }
}

export interface MediaChoice {
  audio: boolean;
  video: boolean;
  audioDeviceId?: string;
  videoDeviceId?: string;
}

/** Small video is enough for a consultation and keeps CPU low on phones (and on 2-core CI). */
const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 360 },
  frameRate: { ideal: 24, max: 30 },
};

/** Opens camera and/or microphone; throws MediaError. Returns an empty stream when neither is asked for. */
export async function openMedia(choice: MediaChoice): Promise<MediaStream> {
  if (!choice.audio && !choice.video) return new MediaStream();
  if (!window.isSecureContext) throw new MediaError('insecure');
  if (!navigator.mediaDevices?.getUserMedia) throw new MediaError('unsupported');
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: choice.audio
        ? {
            echoCancellation: true,
            noiseSuppression: true,
            ...(choice.audioDeviceId ? { deviceId: { exact: choice.audioDeviceId } } : {}),
          }
        : false,
      video: choice.video
        ? {
            ...VIDEO_CONSTRAINTS,
            ...(choice.videoDeviceId ? { deviceId: { exact: choice.videoDeviceId } } : {}),
          }
        : false,
    });
  } catch (error) {
    throw new MediaError(classifyMediaError(error));
  }
}

/**
 * Opens what it can: camera + microphone, else microphone only, else camera
 * only. Returns the stream and the problem with what was missing (if any).
 */
export async function openBestMedia(
  choice: MediaChoice,
): Promise<{ stream: MediaStream; videoProblem?: MediaProblem; audioProblem?: MediaProblem }> {
  try {
    return { stream: await openMedia(choice) };
  } catch (error) {
    const problem = classifyMediaError(error);
    if (problem === 'denied' || problem === 'insecure' || problem === 'unsupported') throw error;
    if (choice.video && choice.audio) {
      try {
        return { stream: await openMedia({ ...choice, video: false }), videoProblem: problem };
      } catch {
        try {
          return { stream: await openMedia({ ...choice, audio: false }), audioProblem: problem };
        } catch {
          throw error;
        }
      }
    }
    throw error;
  }
}

export interface Devices {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

/** The devices the browser lists (labels appear after permission is given). */
export async function listDevices(): Promise<Devices> {
  const all = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
  return {
    cameras: all.filter((d) => d.kind === 'videoinput'),
    microphones: all.filter((d) => d.kind === 'audioinput'),
    speakers: all.filter((d) => d.kind === 'audiooutput'),
  };
}

/** Stops every track of a stream (releases the camera light). */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** Plays a short two-tone chime through the chosen speaker so the user can hear that sound works. */
export async function playTestSound(sinkId?: string): Promise<void> {
  const Context = window.AudioContext;
  if (!Context) return;
  const context = new Context();
  const withSink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
  if (sinkId && withSink.setSinkId) await withSink.setSinkId(sinkId).catch(() => undefined);
  const gain = context.createGain();
  gain.gain.value = 0.15;
  gain.connect(context.destination);
  const start = context.currentTime;
  for (const [i, frequency] of [660, 880].entries()) {
    const tone = context.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(gain);
    tone.start(start + i * 0.35);
    tone.stop(start + i * 0.35 + 0.3);
  }
  await new Promise((resolve) => setTimeout(resolve, 800));
  await context.close();
}

/**
 * Watches a microphone track's level (0–1) for the level meter. Returns a stop function.
 * Reports at most ~10 times a second.
 */
export function watchLevel(stream: MediaStream, onLevel: (level: number) => void): () => void {
  const Context = window.AudioContext;
  if (!Context || stream.getAudioTracks().length === 0) return () => undefined;
  const context = new Context();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const data = new Uint8Array(analyser.fftSize);
  const timer = window.setInterval(() => {
    analyser.getByteTimeDomainData(data);
    let peak = 0;
    for (const value of data) peak = Math.max(peak, Math.abs(value - 128));
    onLevel(Math.min(1, peak / 64));
  }, 100);
  return () => {
    window.clearInterval(timer);
    source.disconnect();
    void context.close();
  };
}
