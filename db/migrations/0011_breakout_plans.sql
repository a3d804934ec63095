CREATE TABLE "breakout_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"main_meeting_id" uuid NOT NULL,
	"name" text NOT NULL,
	"rooms" jsonb NOT NULL,
	"assignments" jsonb NOT NULL,
	"automatic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "breakout_plans" ADD CONSTRAINT "breakout_plans_main_meeting_id_meetings_id_fk" FOREIGN KEY ("main_meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "breakout_plans_name_idx" ON "breakout_plans" USING btree ("main_meeting_id","name");