CREATE TABLE `call_recording_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`recording_id` text NOT NULL,
	`author_id` text,
	`author_name` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `call_recording_notes_recording_idx` ON `call_recording_notes` (`recording_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `call_recording_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`recording_id` text NOT NULL,
	`number` text DEFAULT '' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`internal` integer DEFAULT false NOT NULL,
	`user_id` text,
	`channel` integer,
	`joined_at` integer NOT NULL,
	`left_at` integer
);
--> statement-breakpoint
CREATE INDEX `call_recording_participants_recording_idx` ON `call_recording_participants` (`recording_id`,`joined_at`);--> statement-breakpoint
CREATE INDEX `call_recording_participants_user_idx` ON `call_recording_participants` (`org_id`,`user_id`,`recording_id`);--> statement-breakpoint
CREATE TABLE `call_recordings` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`protocol` text NOT NULL,
	`type` text NOT NULL,
	`access` text DEFAULT '' NOT NULL,
	`identification` text DEFAULT '' NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`source` text NOT NULL,
	`call_ref` text DEFAULT '' NOT NULL,
	`channels` integer DEFAULT 1 NOT NULL,
	`audio_id` text NOT NULL,
	`audio_bytes` integer DEFAULT 0 NOT NULL,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_recordings_protocol_uq` ON `call_recordings` (`protocol`);--> statement-breakpoint
CREATE UNIQUE INDEX `call_recordings_audio_uq` ON `call_recordings` (`audio_id`);--> statement-breakpoint
CREATE INDEX `call_recordings_org_started_idx` ON `call_recordings` (`org_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `call_recordings_site_started_idx` ON `call_recordings` (`site_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `call_recordings_access_idx` ON `call_recordings` (`org_id`,`access`);--> statement-breakpoint
CREATE INDEX `call_recordings_identification_idx` ON `call_recordings` (`org_id`,`identification`);--> statement-breakpoint
CREATE TABLE `recording_settings` (
	`org_id` text PRIMARY KEY NOT NULL,
	`min_duration_seconds` integer DEFAULT 0 NOT NULL,
	`excluded_user_ids` text DEFAULT '[]' NOT NULL,
	`discard_if_any_excluded` integer DEFAULT false NOT NULL,
	`retention_days` integer,
	`templates` text DEFAULT '{}' NOT NULL,
	`updated_at` integer NOT NULL
);
