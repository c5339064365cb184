CREATE TABLE `mailboxes` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`extension` text NOT NULL,
	`pin_hash` text,
	`pin_failures` integer DEFAULT 0 NOT NULL,
	`pin_locked_until` integer,
	`greeting_busy_id` text,
	`greeting_unavailable_id` text,
	`name_id` text,
	`mwi_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mailboxes_site_extension_uq` ON `mailboxes` (`site_id`,`extension`);--> statement-breakpoint
CREATE INDEX `mailboxes_org_idx` ON `mailboxes` (`org_id`);--> statement-breakpoint
CREATE TABLE `voicemail_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`mailbox_id` text NOT NULL,
	`extension` text NOT NULL,
	`user_id` text,
	`protocol` text NOT NULL,
	`caller_number` text DEFAULT '' NOT NULL,
	`caller_name` text DEFAULT '' NOT NULL,
	`divert_reason` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`audio_id` text NOT NULL,
	`audio_bytes` integer DEFAULT 0 NOT NULL,
	`heard` integer DEFAULT false NOT NULL,
	`heard_at` integer,
	`received_at` integer NOT NULL,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `voicemail_messages_protocol_uq` ON `voicemail_messages` (`protocol`);--> statement-breakpoint
CREATE UNIQUE INDEX `voicemail_messages_audio_uq` ON `voicemail_messages` (`audio_id`);--> statement-breakpoint
CREATE INDEX `voicemail_messages_mailbox_idx` ON `voicemail_messages` (`mailbox_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `voicemail_messages_org_received_idx` ON `voicemail_messages` (`org_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `voicemail_profiles` (
	`user_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`main_action` text NOT NULL,
	`attachment_format` text NOT NULL,
	`hear_details` integer NOT NULL,
	`alternate_email_enabled` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `voicemail_settings` (
	`org_id` text PRIMARY KEY NOT NULL,
	`main_action` text NOT NULL,
	`attachment_format` text NOT NULL,
	`hear_details` integer NOT NULL,
	`alternate_email_enabled` integer NOT NULL,
	`templates` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sites` ADD `voicemail_max_messages` integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `voicemail_max_seconds` integer DEFAULT 180 NOT NULL;