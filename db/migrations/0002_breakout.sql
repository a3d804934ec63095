CREATE TABLE "breakout_states" (
	"main_meeting_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"draft" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"main_meeting_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "participants" ADD COLUMN "room_preset_id" uuid;--> statement-breakpoint
ALTER TABLE "breakout_states" ADD CONSTRAINT "breakout_states_main_meeting_id_meetings_id_fk" FOREIGN KEY ("main_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_main_meeting_id_meetings_id_fk" FOREIGN KEY ("main_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_meeting_idx" ON "events" USING btree ("main_meeting_id","id");--> statement-breakpoint
ALTER TABLE "participants" ADD CONSTRAINT "participants_room_preset_id_presets_id_fk" FOREIGN KEY ("room_preset_id") REFERENCES "public"."presets"("id") ON DELETE restrict ON UPDATE no action;