import { z } from 'zod';

export const AUDIO_KINDS = ['call-recording', 'voicemail', 'conference-recording', 'greeting', 'test'] as const;
export type AudioKind = (typeof AUDIO_KINDS)[number];
export const AUDIO_FILES = ['wav', 'gsm', 'mp3'] as const;
export type AudioFileKind = (typeof AUDIO_FILES)[number];

const FileState = z.object({
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Full storage key once the central app confirmed the object is stored. */
  key: z.string().nullable(),
});
export type FileState = z.infer<typeof FileState>;

/** item.json: everything needed to finish an item's upload after a restart. */
export const ItemManifestSchema = z.object({
  version: z.literal(1),
  id: z.string().uuid(),
  kind: z.enum(AUDIO_KINDS),
  startedAt: z.string().datetime({ offset: true }),
  durationMs: z.number().int().min(0),
  channels: z.union([z.literal(1), z.literal(2)]),
  /** 'recording' only while a streaming writer owns it in incoming/. */
  state: z.enum(['recording', 'complete']),
  metadata: z.record(z.string(), z.unknown()),
  files: z.object({ wav: FileState.optional(), gsm: FileState.optional(), mp3: FileState.optional() }),
  rejected: z.object({ at: z.string(), step: z.string(), status: z.number().nullable(), message: z.string() }).optional(),
});
export type ItemManifest = z.infer<typeof ItemManifestSchema>;

export const SpooledEventSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  occurredAt: z.string().datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()),
});
export type SpooledEvent = z.infer<typeof SpooledEventSchema>;

export class SpoolError extends Error {
  constructor(readonly code: 'BAD_INPUT' | 'CORRUPT' | 'CLOSED' | 'WRITER_FINISHED', message: string) {
    super(message);
  }
}
