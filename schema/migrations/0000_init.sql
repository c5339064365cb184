CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`voicemail_own_code` text DEFAULT '1001' NOT NULL,
	`voicemail_other_code` text DEFAULT '1002' NOT NULL,
	`conference_code` text DEFAULT '1006' NOT NULL,
	`pbx_host` text DEFAULT '' NOT NULL,
	`pbx_connection` text NOT NULL,
	`sync_interval_minutes` integer DEFAULT 60 NOT NULL,
	`last_sync_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sites_org_idx` ON `sites` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `permission_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`permissions` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `profiles_org_idx` ON `permission_profiles` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `user_sites` (
	`user_id` text NOT NULL,
	`site_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`user_id`, `site_id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`full_name` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text,
	`profile_id` text NOT NULL,
	`is_owner` integer DEFAULT false NOT NULL,
	`language` text DEFAULT 'pt-BR' NOT NULL,
	`alternate_email` text,
	`site_restricted` integer DEFAULT false NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`dashboard` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_org_name_idx` ON `users` (`org_id`,`full_name`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`supervisor` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `group_members_user_idx` ON `group_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `groups_org_name_idx` ON `groups` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `extensions` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`number` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`email` text,
	`user_id` text,
	`source` text DEFAULT 'manual' NOT NULL,
	`sync_fingerprint` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `extensions_site_number_uq` ON `extensions` (`site_id`,`number`);--> statement-breakpoint
CREATE INDEX `extensions_user_idx` ON `extensions` (`user_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`site_id` text,
	`profile_id` text,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_org_idx` ON `api_tokens` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`email` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`last_failure_at` integer
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`summary` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_org_at_idx` ON `audit_log` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `node_heartbeats` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text NOT NULL,
	`at` integer NOT NULL,
	`version` text NOT NULL,
	`uptime_seconds` integer NOT NULL,
	`cpu_percent` real NOT NULL,
	`memory_used_bytes` integer NOT NULL,
	`memory_total_bytes` integer NOT NULL,
	`disk_used_bytes` integer NOT NULL,
	`disk_total_bytes` integer NOT NULL,
	`active_calls` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `heartbeats_site_at_idx` ON `node_heartbeats` (`site_id`,`at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`site_id` text,
	`kind` text NOT NULL,
	`input` text NOT NULL,
	`status` text NOT NULL,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`progress_total` integer DEFAULT 0 NOT NULL,
	`result` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`stop_requested` integer DEFAULT false NOT NULL,
	`run_at` integer NOT NULL,
	`lease_until` integer,
	`lease_owner` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_org_idx` ON `jobs` (`org_id`,`created_at`);