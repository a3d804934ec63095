'use client';

import type { DeviceProblem } from '@/lib/client/media/device-problems';
import * as localMedia from '@/lib/client/media/local-media';
import { AlertIcon } from './icons';

const TITLES: Record<DeviceProblem['reason'], string> = {
  blocked: 'blocked',
  missing: 'not found',
  busy: 'busy',
  insecure: 'needs a secure page',
  failed: 'unavailable',
};

interface DeviceNoticeProps {
  kind: 'audio' | 'video';
  problem: DeviceProblem;
  tone?: 'light' | 'dark';
}

/** Why a camera or microphone cannot be used, what to do, and a way to try again. */
export function DeviceNotice({ kind, problem, tone = 'light' }: DeviceNoticeProps) {
  const device = kind === 'audio' ? 'Microphone' : 'Camera';
  const look =
    tone === 'dark'
      ? 'border-amber-400/30 bg-amber-400/10 text-amber-100'
      : 'border-amber-200 bg-amber-50 text-amber-900';
  return (
    <div role="alert" className={`flex gap-3 rounded-lg border p-3 text-sm ${look}`}>
      <AlertIcon className="mt-0.5 size-5 shrink-0" />
      <div className="min-w-0 space-y-1">
        <p className="font-semibold">
          {device} {TITLES[problem.reason]}
        </p>
        <p>{problem.message}</p>
        {problem.reason !== 'insecure' && (
          <button
            type="button"
            onClick={() => void localMedia.retry(kind)}
            className="font-medium underline underline-offset-2"
          >
            Try again<span className="sr-only"> to use the {device.toLowerCase()}</span>
          </button>
        )}
      </div>
    </div>
  );
}
