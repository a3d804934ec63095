ALTER TABLE "meetings" ADD COLUMN "audio_locked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "spotlight_participant_id" uuid;--> statement-breakpoint
-- Presets that could already remove people (the default host preset among them) get the new moderation rights.
UPDATE "presets" SET "permissions" = "permissions" || '{"disable_participant_audio": true, "disable_participant_video": true, "can_spotlight": true}'::jsonb WHERE "permissions"->>'kick_participant' = 'true';
