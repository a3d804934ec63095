CREATE TABLE "recordings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"main_meeting_id" uuid NOT NULL,
	"status" text DEFAULT 'INVOKED' NOT NULL,
	"backend" text DEFAULT 'embedded' NOT NULL,
	"egress_id" text,
	"invoked_time" timestamp with time zone DEFAULT now() NOT NULL,
	"started_time" timestamp with time zone,
	"stopped_time" timestamp with time zone,
	"duration_seconds" integer,
	"file_size" bigint,
	"output_file_name" text,
	"storage_key" text,
	"max_seconds" integer,
	"start_reason" jsonb NOT NULL,
	"stop_reason" jsonb,
	"error" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recordings_max_seconds" CHECK ("recordings"."max_seconds" is null or "recordings"."max_seconds" between 1 and 86400)
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "record_on_start" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_main_meeting_id_meetings_id_fk" FOREIGN KEY ("main_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recordings_main_idx" ON "recordings" USING btree ("main_meeting_id","invoked_time");--> statement-breakpoint
CREATE INDEX "recordings_meeting_idx" ON "recordings" USING btree ("meeting_id","invoked_time");--> statement-breakpoint
CREATE UNIQUE INDEX "recordings_active_idx" ON "recordings" USING btree ("meeting_id") WHERE "recordings"."status" in ('INVOKED', 'RECORDING', 'PAUSED');--> statement-breakpoint
CREATE INDEX "recordings_unfinished_idx" ON "recordings" USING btree ("lease_until") WHERE "recordings"."status" in ('INVOKED', 'RECORDING', 'PAUSED', 'UPLOADING');