import { ConnectionQuality } from 'livekit-client';
import { SignalIcon } from './icons';

const LEVELS: Record<ConnectionQuality, { level: 0 | 1 | 2 | 3; text: string; tone: string }> = {
  [ConnectionQuality.Excellent]: { level: 3, text: 'excellent', tone: 'text-emerald-400' },
  [ConnectionQuality.Good]: { level: 2, text: 'good', tone: 'text-emerald-400' },
  [ConnectionQuality.Poor]: { level: 1, text: 'poor', tone: 'text-amber-400' },
  [ConnectionQuality.Lost]: { level: 0, text: 'lost', tone: 'text-red-400' },
  [ConnectionQuality.Unknown]: { level: 0, text: 'unknown', tone: 'text-slate-400' },
};

/** Signal bars with a spoken equivalent ("connection good"). */
export function ConnectionQualityBadge({ quality }: { quality: ConnectionQuality }) {
  const { level, text, tone } = LEVELS[quality] ?? LEVELS[ConnectionQuality.Unknown];
  return (
    <span className={`inline-flex items-center ${tone}`} title={`Connection ${text}`}>
      <SignalIcon level={level} />
      <span className="sr-only">Connection {text}</span>
    </span>
  );
}
