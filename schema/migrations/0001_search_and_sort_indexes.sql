DROP INDEX `users_org_name_idx`;--> statement-breakpoint
ALTER TABLE `users` ADD `search_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `users_org_name_nocase_idx` ON `users` (`org_id`,"full_name" collate nocase,`id`);--> statement-breakpoint
DROP INDEX `audit_org_at_idx`;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `search_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `audit_org_at_id_idx` ON `audit_log` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_org_actor_idx` ON `audit_log` (`org_id`,"actor_name" collate nocase,`id`);--> statement-breakpoint
-- Existing rows get their folded search text (services/table/fold.ts folds new ones).
UPDATE `users` SET `search_text` = `full_name` || ' ' || `email`;--> statement-breakpoint
UPDATE `users` SET `search_text` = lower(`search_text`);--> statement-breakpoint
UPDATE `users` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'á', 'a'), 'Á', 'a'), 'à', 'a'), 'À', 'a'), 'â', 'a'), 'Â', 'a'), 'ã', 'a'), 'Ã', 'a'), 'ä', 'a'), 'Ä', 'a'), 'å', 'a'), 'Å', 'a');--> statement-breakpoint
UPDATE `users` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'é', 'e'), 'É', 'e'), 'è', 'e'), 'È', 'e'), 'ê', 'e'), 'Ê', 'e'), 'ë', 'e'), 'Ë', 'e'), 'í', 'i'), 'Í', 'i'), 'ì', 'i'), 'Ì', 'i');--> statement-breakpoint
UPDATE `users` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'î', 'i'), 'Î', 'i'), 'ï', 'i'), 'Ï', 'i'), 'ó', 'o'), 'Ó', 'o'), 'ò', 'o'), 'Ò', 'o'), 'ô', 'o'), 'Ô', 'o'), 'õ', 'o'), 'Õ', 'o');--> statement-breakpoint
UPDATE `users` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'ö', 'o'), 'Ö', 'o'), 'ú', 'u'), 'Ú', 'u'), 'ù', 'u'), 'Ù', 'u'), 'û', 'u'), 'Û', 'u'), 'ü', 'u'), 'Ü', 'u'), 'ç', 'c'), 'Ç', 'c');--> statement-breakpoint
UPDATE `users` SET `search_text` = replace(replace(replace(replace(replace(replace(`search_text`, 'ñ', 'n'), 'Ñ', 'n'), 'ý', 'y'), 'Ý', 'y'), 'ÿ', 'y'), 'Ÿ', 'y');--> statement-breakpoint
UPDATE `audit_log` SET `search_text` = `actor_name` || ' ' || `action` || ' ' || `entity_type` || ' ' || `summary`;--> statement-breakpoint
UPDATE `audit_log` SET `search_text` = lower(`search_text`);--> statement-breakpoint
UPDATE `audit_log` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'á', 'a'), 'Á', 'a'), 'à', 'a'), 'À', 'a'), 'â', 'a'), 'Â', 'a'), 'ã', 'a'), 'Ã', 'a'), 'ä', 'a'), 'Ä', 'a'), 'å', 'a'), 'Å', 'a');--> statement-breakpoint
UPDATE `audit_log` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'é', 'e'), 'É', 'e'), 'è', 'e'), 'È', 'e'), 'ê', 'e'), 'Ê', 'e'), 'ë', 'e'), 'Ë', 'e'), 'í', 'i'), 'Í', 'i'), 'ì', 'i'), 'Ì', 'i');--> statement-breakpoint
UPDATE `audit_log` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'î', 'i'), 'Î', 'i'), 'ï', 'i'), 'Ï', 'i'), 'ó', 'o'), 'Ó', 'o'), 'ò', 'o'), 'Ò', 'o'), 'ô', 'o'), 'Ô', 'o'), 'õ', 'o'), 'Õ', 'o');--> statement-breakpoint
UPDATE `audit_log` SET `search_text` = replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(`search_text`, 'ö', 'o'), 'Ö', 'o'), 'ú', 'u'), 'Ú', 'u'), 'ù', 'u'), 'Ù', 'u'), 'û', 'u'), 'Û', 'u'), 'ü', 'u'), 'Ü', 'u'), 'ç', 'c'), 'Ç', 'c');--> statement-breakpoint
UPDATE `audit_log` SET `search_text` = replace(replace(replace(replace(replace(replace(`search_text`, 'ñ', 'n'), 'Ñ', 'n'), 'ý', 'y'), 'Ý', 'y'), 'ÿ', 'y'), 'Ÿ', 'y');
