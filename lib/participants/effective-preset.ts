import { sql } from 'drizzle-orm';
import { participants } from '@/db/schema';

/** SQL for the preset that applies to a participant where they are now: a room's custom preset, else their own. */
export const effectivePresetId = () => sql`coalesce(${participants.roomPresetId}, ${participants.presetId})`;
