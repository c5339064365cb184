import { z } from 'zod';

const StoredFile = z.object({ key: z.string(), size: z.number().int().min(0), sha256: z.string() });

/** The payload of an audio.stored outbox event (written by services/media-nodes/node-audio.ts). */
export const AudioStoredSchema = z.object({
  audioId: z.string().min(1),
  kind: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().int().min(0),
  files: z.object({ wav: StoredFile, gsm: StoredFile, mp3: StoredFile }),
  metadata: z.record(z.string(), z.unknown()),
});
export type AudioStored = z.infer<typeof AudioStoredSchema>;

/** The outbox event as the voicemail consumers need it. */
export interface StoredAudioEvent {
  id: string;
  orgId: string;
  siteId: string | null;
  payload: Record<string, unknown>;
}
