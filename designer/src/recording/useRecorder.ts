import { useCallback, useEffect, useRef, useState } from 'react';
import type { TelephonyRate } from './encodeWav.ts';
import { toTelephonyWav, type TelephonyWav } from './toTelephonyWav.ts';

/** A take longer than this stops by itself (a prompt is seconds long; the file stays small). */
export const MAX_TAKE_SECONDS = 120;

export type RecorderProblem = 'denied' | 'noDevice' | 'unsupported' | 'unreadable';

export type RecorderState =
  | { status: 'idle' }
  | { status: 'asking' }
  | { status: 'recording'; startedAt: number }
  | { status: 'converting' }
  | { status: 'ready'; take: TelephonyWav; url: string }
  | { status: 'failed'; problem: RecorderProblem };

function problemOf(error: unknown): RecorderProblem {
  const name = (error as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'noDevice';
  return 'unsupported';
}

/**
 * The microphone as a prompt recorder: asks for it, records with MediaRecorder, and on stop
 * converts the take to a telephony WAV at `rate` (again when the rate changes), ready to hear
 * and save. Tracks are stopped as soon as a take ends, so the browser's "recording" light goes off.
 */
export function useRecorder(rate: TelephonyRate) {
  const [state, setState] = useState<RecorderState>({ status: 'idle' });
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const raw = useRef<Blob | null>(null);
  const url = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const release = useCallback(() => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  const forgetTake = useCallback(() => {
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = null;
  }, []);

  const convert = useCallback(
    async (blob: Blob, to: TelephonyRate) => {
      setState({ status: 'converting' });
      try {
        const take = await toTelephonyWav(blob, to);
        forgetTake();
        url.current = URL.createObjectURL(take.wav);
        setState({ status: 'ready', take, url: url.current });
      } catch {
        setState({ status: 'failed', problem: 'unreadable' });
      }
    },
    [forgetTake],
  );

  const start = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      setState({ status: 'failed', problem: 'unsupported' });
      return;
    }
    forgetTake();
    raw.current = null;
    setState({ status: 'asking' });
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      setState({ status: 'failed', problem: problemOf(error) });
      return;
    }
    const chunks: Blob[] = [];
    const media = new MediaRecorder(stream.current);
    recorder.current = media;
    media.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    media.onstop = () => {
      release();
      raw.current = new Blob(chunks, { type: media.mimeType });
      void convert(raw.current, rate);
    };
    media.start(250);
    timer.current = setTimeout(() => media.state === 'recording' && media.stop(), MAX_TAKE_SECONDS * 1000);
    setState({ status: 'recording', startedAt: Date.now() });
  }, [convert, forgetTake, rate, release]);

  const stop = useCallback(() => {
    if (recorder.current?.state === 'recording') recorder.current.stop();
  }, []);

  const reset = useCallback(() => {
    if (recorder.current?.state === 'recording') {
      recorder.current.onstop = null;
      recorder.current.stop();
    }
    release();
    forgetTake();
    raw.current = null;
    setState({ status: 'idle' });
  }, [forgetTake, release]);

  // The same take at another rate: converted again from what the microphone gave.
  useEffect(() => {
    if (raw.current && state.status === 'ready' && state.take.sampleRate !== rate) void convert(raw.current, rate);
  }, [rate, state, convert]);

  useEffect(
    () => () => {
      if (recorder.current?.state === 'recording') {
        recorder.current.onstop = null;
        recorder.current.stop();
      }
      release();
      forgetTake();
    },
    [forgetTake, release],
  );

  return { state, start, stop, reset };
}
