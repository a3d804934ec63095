CREATE TABLE "pending_moves" (
	"participant_id" uuid PRIMARY KEY NOT NULL,
	"room_id" uuid NOT NULL,
	"until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pending_moves" ADD CONSTRAINT "pending_moves_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_moves" ADD CONSTRAINT "pending_moves_room_id_meetings_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_moves_room_idx" ON "pending_moves" USING btree ("room_id");