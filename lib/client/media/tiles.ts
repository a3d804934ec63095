import type { TrackReferenceOrPlaceholder } from '@livekit/components-react';

/** The grid's key of a tile: one person, one source. */
export const tileKey = (t: Pick<TrackReferenceOrPlaceholder, 'participant' | 'source'>) =>
  `${t.participant.identity}:${t.source}`;

type Tile = Pick<TrackReferenceOrPlaceholder, 'participant' | 'source'> & {
  publication?: { track?: unknown; isMuted: boolean };
};

/**
 * One tile per person and source. LiveKit can briefly hold two publications of one source for a person
 * (a republish after a reconnect, before the old one is gone): the one with a live, unmuted track, else
 * the later one, stands for both, so a reconnect never shows a person twice. Order is kept.
 */
export function onePerSource<T extends Tile>(tiles: T[]): T[] {
  const score = (t: Tile) => (!t.publication ? 0 : t.publication.track ? (t.publication.isMuted ? 2 : 3) : 1);
  const best = new Map<string, T>();
  for (const t of tiles) {
    const seen = best.get(tileKey(t));
    if (!seen || score(t) >= score(seen)) best.set(tileKey(t), t);
  }
  return tiles.filter((t) => best.get(tileKey(t)) === t);
}
