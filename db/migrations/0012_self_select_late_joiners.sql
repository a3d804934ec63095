ALTER TABLE "breakout_states" ADD COLUMN "self_select_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "breakout_states" ADD COLUMN "self_select_capacity" integer;--> statement-breakpoint
ALTER TABLE "breakout_states" ADD COLUMN "late_joiners_auto_place" boolean DEFAULT false NOT NULL;