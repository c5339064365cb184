CREATE TABLE `conference_room_revisions` (
	`room_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`org_id` text NOT NULL,
	`change` text NOT NULL,
	`changed_by` text,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`room_id`, `sequence`)
);
