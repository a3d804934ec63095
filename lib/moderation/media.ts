import 'server-only';
import { RoomServiceClient, type TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { httpUrl, mediaConfig } from '@/lib/livekit/config';

// The media server's side of moderation: each a small call through LiveKit's RoomService API, a no-op
// when no media server is configured. A person or room the server does not know is not an error (they
// left, or nobody joined); anything else is logged and never fails the command, whose truth is already
// committed in the database.

function roomService(): RoomServiceClient | undefined {
  const config = mediaConfig();
  if (!config.available) return undefined;
  return new RoomServiceClient(httpUrl(config.url), config.apiKey, config.apiSecret);
}

function logUnlessGone(what: string, err: unknown) {
  if (!/not.?found|does not exist/i.test(String(err))) console.warn(`Could not ${what}`, err);
}

/** Mutes one person's published tracks of these sources in one room; resolves with how many it muted. */
export async function muteTracks(room: string, identity: string, sources: TrackSource[]): Promise<number> {
  const rs = roomService();
  if (!rs) return 0;
  try {
    const info = await rs.getParticipant(room, identity);
    const tracks = info.tracks.filter((t) => sources.includes(t.source) && !t.muted);
    await Promise.all(tracks.map((t) => rs.mutePublishedTrack(room, identity, t.sid, true)));
    return tracks.length;
  } catch (err) {
    logUnlessGone('mute a track', err);
    return 0;
  }
}

/** Identities connected to a media room now (empty when there is none). */
export async function roomIdentities(room: string): Promise<string[]> {
  const rs = roomService();
  if (!rs) return [];
  try {
    return (await rs.listParticipants(room)).map((p) => p.identity);
  } catch (err) {
    logUnlessGone('list a media room', err);
    return [];
  }
}

/**
 * Replaces a connected person's rights with those of `grant` (the same function that signs their
 * tokens): a source taken away unpublishes its track at once, one given back may be published again.
 */
export async function applyGrant(room: string, identity: string, grant: VideoGrant): Promise<void> {
  const rs = roomService();
  if (!rs) return;
  try {
    await rs.updateParticipant(room, identity, {
      permission: {
        canSubscribe: grant.canSubscribe ?? true,
        canPublish: grant.canPublish ?? false,
        canPublishData: grant.canPublishData ?? true,
        canPublishSources: grant.canPublishSources ?? [],
        hidden: grant.hidden ?? false,
        canUpdateMetadata: grant.canUpdateOwnMetadata ?? false,
      },
    });
  } catch (err) {
    logUnlessGone("change a participant's media rights", err);
  }
}

/** Closes media rooms: everyone in them is disconnected and told the room was deleted. */
export async function deleteMediaRooms(rooms: string[]): Promise<void> {
  const rs = roomService();
  if (!rs) return;
  await Promise.all(
    rooms.map((room) =>
      rs.deleteRoom(room).catch((err: unknown) => logUnlessGone('close a media room', err)),
    ),
  );
}
