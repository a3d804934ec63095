CREATE INDEX "events_moves_idx" ON "events" USING btree ("created_at") WHERE "events"."type" = 'participants_moved';--> statement-breakpoint
-- Two Join clicks at once could create two host seats before this index existed: the oldest stays the seat.
UPDATE "participants" AS "p" SET "is_host_seat" = false
WHERE "p"."is_host_seat" AND EXISTS (
	SELECT 1 FROM "participants" AS "q"
	WHERE "q"."meeting_id" = "p"."meeting_id" AND "q"."is_host_seat"
		AND ("q"."created_at", "q"."id") < ("p"."created_at", "p"."id")
);--> statement-breakpoint
CREATE UNIQUE INDEX "participants_host_seat_idx" ON "participants" USING btree ("meeting_id") WHERE "participants"."is_host_seat";
