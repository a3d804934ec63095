CREATE TABLE "apps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"host_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "presets" ADD COLUMN "config" jsonb;--> statement-breakpoint
ALTER TABLE "presets" ADD COLUMN "ui" jsonb;--> statement-breakpoint
ALTER TABLE "apps" ADD CONSTRAINT "apps_host_id_users_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "apps_host_name_idx" ON "apps" USING btree ("host_id","name");--> statement-breakpoint
-- Every existing host gets its default app (new hosts get one at sign-up).
INSERT INTO "apps" ("host_id", "name") SELECT "id", 'default' FROM "users" ON CONFLICT DO NOTHING;
