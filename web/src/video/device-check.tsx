/**
 * The device check before a meeting: camera preview, microphone level,
 * a test sound through the chosen speaker, device choices, camera and
 * microphone on/off, and "Anslut med bara ljud". When permission is denied or
 * a device is missing it says so in plain words and still lets the person
 * join (with sound only, or with nothing and the chat).
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Checkbox, Select, Spinner } from '../ui/index.js';
import {
  classifyMediaError,
  type Devices,
  listDevices,
  type MediaProblem,
  openBestMedia,
  playTestSound,
  stopStream,
  watchLevel,
} from './media.js';
import { setSinkPreference, VideoElement } from './video-element.js';

export interface DeviceCheckResult {
  /** What to send (may be empty: no devices). The check hands it over and does not stop it. */
  stream: MediaStream;
}

interface Props {
  /** Called with the chosen media when the person clicks "Gå till mötet". */
  onJoin: (result: DeviceCheckResult) => void;
  joining?: boolean;
  /** Extra fields before the join button (the guest's name). */
  children?: ReactNode;
  /** Runs before onJoin; return false to stop (e.g. a missing name). */
  validate?: () => boolean;
}

type Problem = MediaProblem | 'noCamera' | 'noMicrophone';

const canChooseSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

export function DeviceCheck({ onJoin, joining = false, children, validate }: Props) {
  const { t } = useTranslation('video');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [devices, setDevices] = useState<Devices>({ cameras: [], microphones: [], speakers: [] });
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const [speakerId, setSpeakerId] = useState('');
  const [cameraOn, setCameraOn] = useState(true);
  const [micOn, setMicOn] = useState(true);
  const [audioOnly, setAudioOnly] = useState(false);
  const [loading, setLoading] = useState(true);
  const [level, setLevel] = useState(0);
  const [playing, setPlaying] = useState(false);
  const handedOver = useRef(false);
  const current = useRef<MediaStream | null>(null);
  const levelId = useId();
  const speakerRef = useRef('');

  const generation = useRef(0);

  const open = useCallback(async (video: boolean, camera: string, mic: string) => {
    const mine = ++generation.current;
    setLoading(true);
    stopStream(current.current);
    current.current = null;
    try {
      const result = await openBestMedia({
        audio: true,
        video,
        audioDeviceId: mic || undefined,
        videoDeviceId: camera || undefined,
      });
      // A newer request (another device chosen, or the page left) won: release this one.
      if (mine !== generation.current) {
        stopStream(result.stream);
        return;
      }
      setSinkPreference(speakerRef.current);
      current.current = result.stream;
      setStream(result.stream);
      setProblem(result.videoProblem ? 'noCamera' : result.audioProblem ? 'noMicrophone' : null);
    } catch (error) {
      if (mine !== generation.current) return;
      setStream(null);
      setProblem(classifyMediaError(error));
    }
    setDevices(await listDevices().catch(() => ({ cameras: [], microphones: [], speakers: [] })));
    setLoading(false);
  }, []);

  useEffect(() => {
    void open(true, '', '');
    return () => {
      generation.current += 1;
      if (!handedOver.current) stopStream(current.current);
    };
  }, [open]);

  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    return watchLevel(stream, setLevel);
  }, [stream]);

  useEffect(() => {
    for (const track of stream?.getAudioTracks() ?? []) track.enabled = micOn;
  }, [stream, micOn]);

  const wantVideo = cameraOn && !audioOnly;
  useEffect(() => {
    for (const track of stream?.getVideoTracks() ?? []) track.enabled = wantVideo;
  }, [stream, wantVideo]);

  function join(event: FormEvent) {
    event.preventDefault();
    if (validate && !validate()) return;
    const chosen = stream ?? new MediaStream();
    // Camera off or sound only: stop the camera now (its light goes out); it can be turned on in the meeting.
    if (!wantVideo) {
      for (const track of chosen.getVideoTracks()) {
        track.stop();
        chosen.removeTrack(track);
      }
    }
    for (const track of chosen.getAudioTracks()) track.enabled = micOn;
    handedOver.current = true;
    onJoin({ stream: chosen });
  }

  const hasVideo = Boolean(stream?.getVideoTracks().length) && wantVideo;
  const hasAudio = Boolean(stream?.getAudioTracks().length);
  const deviceOptions = (list: MediaDeviceInfo[]) => [
    { value: '', label: t('check.defaultDevice') },
    ...list
      .filter((d) => d.deviceId && d.deviceId !== 'default')
      .map((d, i) => ({ value: d.deviceId, label: d.label || t('check.deviceFallback', { n: i + 1 }) })),
  ];

  return (
    <form className="video-check" onSubmit={join} noValidate>
      <p>{t('check.lead')}</p>
      {loading && <Spinner label={t('check.asking')} />}
      {problem && (
        <Alert tone="warning" title={t(`check.problems.${problem}.title`)}>
          <p>{t(`check.problems.${problem}.body`)}</p>
          {problem !== 'noCamera' && (
            <Button variant="secondary" onClick={() => void open(true, cameraId, micId)}>
              {t('check.tryAgain')}
            </Button>
          )}
        </Alert>
      )}
      <div className="video-check__grid">
        <figure className="video-check__preview">
          {hasVideo && stream ? (
            <VideoElement stream={stream} muted mirrored label={t('check.preview')} />
          ) : (
            <div className="video-tile__placeholder" role="img" aria-label={t('check.noPreview')}>
              <span aria-hidden="true">📷</span>
            </div>
          )}
          <figcaption>{t('check.preview')}</figcaption>
        </figure>
        <div className="video-check__settings">
          <div className="button-row">
            <Button
              variant="secondary"
              aria-pressed={cameraOn && !audioOnly}
              disabled={audioOnly || !stream?.getVideoTracks().length}
              onClick={() => setCameraOn((v) => !v)}
            >
              {t('check.cameraOn')}
            </Button>
            <Button variant="secondary" aria-pressed={micOn} disabled={!hasAudio} onClick={() => setMicOn((v) => !v)}>
              {t('check.microphoneOn')}
            </Button>
          </div>
          {hasAudio && (
            <div className="field">
              <span className="field__label" id={`${levelId}-label`}>
                {t('check.level')}
              </span>
              <p className="field__hint" id={`${levelId}-hint`}>
                {t('check.levelHint')}
              </p>
              <meter
                className="video-level"
                aria-labelledby={`${levelId}-label`}
                aria-describedby={`${levelId}-hint`}
                min={0}
                max={1}
                low={0.1}
                high={0.9}
                optimum={0.5}
                value={micOn ? level : 0}
              />
            </div>
          )}
          {devices.cameras.length > 1 && (
            <Select
              label={t('check.camera')}
              value={cameraId}
              options={deviceOptions(devices.cameras)}
              onChange={(e) => {
                setCameraId(e.target.value);
                void open(true, e.target.value, micId);
              }}
            />
          )}
          {devices.microphones.length > 1 && (
            <Select
              label={t('check.microphone')}
              value={micId}
              options={deviceOptions(devices.microphones)}
              onChange={(e) => {
                setMicId(e.target.value);
                void open(true, cameraId, e.target.value);
              }}
            />
          )}
          {canChooseSpeaker && devices.speakers.length > 1 && (
            <Select
              label={t('check.speaker')}
              value={speakerId}
              options={deviceOptions(devices.speakers)}
              onChange={(e) => {
                setSpeakerId(e.target.value);
                speakerRef.current = e.target.value;
                setSinkPreference(e.target.value);
              }}
            />
          )}
          <div className="field">
            <Button
              variant="secondary"
              pending={playing}
              pendingLabel={t('check.testSoundPlaying')}
              onClick={async () => {
                setPlaying(true);
                await playTestSound(speakerId || undefined).catch(() => undefined);
                setPlaying(false);
              }}
            >
              {t('check.testSound')}
            </Button>
            <p className="field__hint">{t('check.testSoundHint')}</p>
          </div>
          <Checkbox
            label={t('check.audioOnly')}
            hint={t('check.audioOnlyHint')}
            checked={audioOnly}
            onChange={(e) => setAudioOnly(e.target.checked)}
          />
        </div>
      </div>
      {children}
      <div className="button-row">
        <Button type="submit" pending={joining} pendingLabel={t('check.joining')} disabled={loading}>
          {t('check.joinNow')}
        </Button>
      </div>
    </form>
  );
}
