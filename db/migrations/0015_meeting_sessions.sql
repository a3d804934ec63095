CREATE TABLE "meeting_session_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"room" uuid NOT NULL,
	"connection_sid" text NOT NULL,
	"display_name" text NOT NULL,
	"custom_participant_id" text,
	"preset_name" text NOT NULL,
	"joined_at" timestamp with time zone,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "meeting_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"main_meeting_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"quiet_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_session_connections" ADD CONSTRAINT "meeting_session_connections_session_id_meeting_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."meeting_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_sessions" ADD CONSTRAINT "meeting_sessions_main_meeting_id_meetings_id_fk" FOREIGN KEY ("main_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_session_connections_sid_idx" ON "meeting_session_connections" USING btree ("connection_sid");--> statement-breakpoint
CREATE INDEX "meeting_session_connections_session_idx" ON "meeting_session_connections" USING btree ("session_id","joined_at");--> statement-breakpoint
CREATE INDEX "meeting_sessions_meeting_idx" ON "meeting_sessions" USING btree ("main_meeting_id","started_at");--> statement-breakpoint
CREATE INDEX "meeting_sessions_quiet_idx" ON "meeting_sessions" USING btree ("quiet_since") WHERE "meeting_sessions"."ended_at" is null;