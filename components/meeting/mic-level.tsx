'use client';

import { createAudioAnalyser, TrackEvent, type LocalAudioTrack } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';

const SEGMENTS = 12;

/** A live level meter for the person's own microphone, so they can see it hears them. */
export function MicLevel({ track, on }: { track?: LocalAudioTrack; on: boolean }) {
  const bars = useRef<HTMLDivElement>(null);
  const [restarts, setRestarts] = useState(0);
  const [percent, setPercent] = useState(0);

  useEffect(() => {
    if (!track) return;
    const bump = () => setRestarts((n) => n + 1);
    track.on(TrackEvent.Restarted, bump);
    return () => void track.off(TrackEvent.Restarted, bump);
  }, [track]);

  useEffect(() => {
    const paint = (level: number) => {
      const lit = Math.round(level * SEGMENTS);
      bars.current?.querySelectorAll('span').forEach((el, i) => el.toggleAttribute('data-lit', i < lit));
    };
    if (!track || !on) {
      paint(0);
      return;
    }
    const { calculateVolume, analyser, cleanup } = createAudioAnalyser(track, { cloneTrack: true });
    // Browsers start audio contexts suspended until the person interacts with the page.
    const context = analyser.context as AudioContext;
    const resume = () => void context.resume().catch(() => undefined);
    resume();
    document.addEventListener('pointerdown', resume, { once: true });
    let frame = 0;
    let lastReport = 0;
    const tick = (now: number) => {
      const level = Math.min(1, Math.sqrt(calculateVolume()) * 1.4);
      paint(level);
      if (now - lastReport > 500) {
        lastReport = now;
        setPercent(Math.round(level * 100));
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('pointerdown', resume);
      void cleanup();
    };
  }, [track, on, restarts]);

  return (
    <div
      ref={bars}
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={on ? percent : 0}
      className="flex h-2.5 flex-1 items-stretch gap-1"
    >
      {Array.from({ length: SEGMENTS }, (_, i) => (
        <span
          key={i}
          className={`flex-1 rounded-sm bg-slate-200 transition-colors duration-75 ${
            i < SEGMENTS * 0.65
              ? 'data-lit:bg-emerald-500'
              : i < SEGMENTS * 0.85
                ? 'data-lit:bg-amber-400'
                : 'data-lit:bg-red-500'
          }`}
        />
      ))}
    </div>
  );
}
