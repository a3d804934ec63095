/** What the server puts in a participant's media metadata (see lib/livekit/service.ts mintMediaToken). */
export interface SeatMetadata {
  presetName?: string;
  host: boolean;
}

/** Reads a participant's metadata; anything malformed reads as "no preset, not the host". */
export function parseSeatMetadata(raw: string | undefined): SeatMetadata {
  if (!raw) return { host: false };
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return { host: false };
    const { preset_name, host } = value as Record<string, unknown>;
    return { presetName: typeof preset_name === 'string' ? preset_name : undefined, host: host === true };
  } catch {
    return { host: false };
  }
}
