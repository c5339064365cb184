CREATE TABLE `conference_commands` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`room_id` text NOT NULL,
	`action` text NOT NULL,
	`participant_id` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`acked_at` integer
);
--> statement-breakpoint
CREATE INDEX `conference_commands_site_idx` ON `conference_commands` (`site_id`,`acked_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `conference_invitees` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`room_id` text NOT NULL,
	`user_id` text,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`notified_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conference_invitees_room_email_uq` ON `conference_invitees` (`room_id`,`email`);--> statement-breakpoint
CREATE INDEX `conference_invitees_user_idx` ON `conference_invitees` (`user_id`);--> statement-breakpoint
CREATE TABLE `conference_live` (
	`room_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`participants` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conference_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`session_id` text NOT NULL,
	`caller_number` text DEFAULT '' NOT NULL,
	`caller_name` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer
);
--> statement-breakpoint
CREATE INDEX `conference_participants_session_idx` ON `conference_participants` (`session_id`,`joined_at`);--> statement-breakpoint
CREATE TABLE `conference_pin_failures` (
	`room_id` text NOT NULL,
	`caller_number` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	PRIMARY KEY(`room_id`, `caller_number`)
);
--> statement-breakpoint
CREATE TABLE `conference_rooms` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`participant_pin` text,
	`admin_pin_hash` text,
	`starts_at` integer,
	`ends_at` integer,
	`options` text NOT NULL,
	`max_participants` integer DEFAULT 50 NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`invitation_sequence` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conference_rooms_site_number_idx` ON `conference_rooms` (`site_id`,`number`,`starts_at`);--> statement-breakpoint
CREATE INDEX `conference_rooms_org_starts_idx` ON `conference_rooms` (`org_id`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `conference_rooms_private_uq` ON `conference_rooms` (`site_id`,`number`) WHERE kind = 'private';--> statement-breakpoint
CREATE TABLE `conference_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`room_id` text NOT NULL,
	`node_session_id` text NOT NULL,
	`number` text DEFAULT '' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`created_by` text,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`recording_audio_id` text,
	`recording_bytes` integer DEFAULT 0 NOT NULL,
	`peak_participants` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conference_sessions_node_uq` ON `conference_sessions` (`site_id`,`node_session_id`);--> statement-breakpoint
CREATE INDEX `conference_sessions_org_started_idx` ON `conference_sessions` (`org_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `conference_sessions_room_idx` ON `conference_sessions` (`room_id`);--> statement-breakpoint
CREATE TABLE `conference_settings` (
	`org_id` text PRIMARY KEY NOT NULL,
	`templates` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sites` ADD `conference_max_rooms` integer DEFAULT 10 NOT NULL;