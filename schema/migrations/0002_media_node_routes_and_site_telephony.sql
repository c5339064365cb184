CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_org_created_idx` ON `events` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `audio_items` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`started_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`files` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audio_items_org_site_started_idx` ON `audio_items` (`org_id`,`site_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `sites` ADD `echo_test_code` text DEFAULT '1009' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `recorder_code` text DEFAULT 'rec' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `prompt_language` text DEFAULT 'pt-BR' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `sip_allowed_addresses` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `sip_inbound` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `sip_trunk` text;--> statement-breakpoint
-- Existing sites speak their organization's language: the one its administrator was created with.
UPDATE `sites` SET `prompt_language` = coalesce((SELECT `language` FROM `users` WHERE `users`.`org_id` = `sites`.`org_id` AND `users`.`is_owner` = 1 AND `users`.`language` IN ('pt-BR', 'en', 'es') LIMIT 1), 'pt-BR');
