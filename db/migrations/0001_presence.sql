CREATE TABLE "presence" (
	"participant_id" uuid NOT NULL,
	"room" text NOT NULL,
	"connected" boolean NOT NULL,
	"participant_sid" text,
	"event_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presence_participant_id_room_pk" PRIMARY KEY("participant_id","room")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "presence" ADD CONSTRAINT "presence_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presence_room_idx" ON "presence" USING btree ("room");