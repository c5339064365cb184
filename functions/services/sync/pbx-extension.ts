import { z } from 'zod';

/** One PBX extension ("personalidade") as a connector reports it. */
export interface PbxExtension {
  number: string;
  name: string;
  email: string | null;
}

/** A source of the PBX's extensions; later modules add more operations. */
export interface PbxConnector {
  listExtensions(signal?: AbortSignal): Promise<PbxExtension[]>;
}

const Row = z.object({
  number: z.string().trim().regex(/^[0-9*#]{1,15}$/),
  name: z.string().trim().max(120).default(''),
  email: z
    .string()
    .trim()
    .max(254)
    .transform((e) => e.toLowerCase())
    .pipe(z.union([z.email({ pattern: z.regexes.html5Email }), z.literal('')]))
    .transform((e) => e || null)
    .nullable()
    .default(null),
});

export interface CleanedExtensions {
  extensions: PbxExtension[];
  /** Rows dropped, with why, so the sync result can show them. */
  rejected: { row: number; reason: string }[];
}

/** Validates raw rows from any connector; bad rows are reported and skipped, duplicates keep the first. */
export function cleanExtensions(rows: unknown[]): CleanedExtensions {
  const seen = new Set<string>();
  const extensions: PbxExtension[] = [];
  const rejected: CleanedExtensions['rejected'] = [];
  rows.forEach((raw, index) => {
    const parsed = Row.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ row: index + 1, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
      return;
    }
    if (seen.has(parsed.data.number)) {
      rejected.push({ row: index + 1, reason: `number ${parsed.data.number} repeated` });
      return;
    }
    seen.add(parsed.data.number);
    extensions.push(parsed.data);
  });
  return { extensions, rejected };
}
