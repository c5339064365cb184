import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { NodeLogger } from '../log.js';
import { fsyncDir, moveDurable, removeDurable, writeFileAtomic } from './atomic-write.js';
import { beginStreamingAudio, type AudioWriter, type BeginAudioInput } from './audio-writer.js';
import { ITEM_MANIFEST, audioFileName, spoolLayout, type SpoolLayout } from './layout.js';
import { AUDIO_KINDS, SpoolError, SpooledEventSchema, type ItemManifest, type SpooledEvent } from './manifest.js';
import { readManifest, recoverIncoming, removeTempFiles } from './recovery.js';
import { durationMsOf, spoolWavData, spoolWavHeader } from './wav-file.js';
import { spoolStats, type SpoolStats } from './stats.js';

const PutAudioInput = z.object({
  id: z.string().uuid().optional(),
  kind: z.enum(AUDIO_KINDS),
  startedAt: z.union([z.date(), z.string().datetime({ offset: true })]),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type PutAudioInput = z.input<typeof PutAudioInput> & { pcm: Int16Array | Int16Array[] };

const PutEventInput = z.object({
  id: z.string().uuid().optional(),
  /** The central app's event type form, checked here so a bad type fails at the source, not in the outbox. */
  type: z.string().max(100).regex(/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/, 'dotted lower-case words, e.g. conference.participant_joined'),
  occurredAt: z.union([z.date(), z.string().datetime({ offset: true })]).optional(),
  payload: z.record(z.string(), z.unknown()),
});
export type PutEventInput = z.input<typeof PutEventInput>;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new SpoolError('BAD_INPUT', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
const iso = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString());

/**
 * The node's durable queue. Every put resolves only once its data would survive a power cut, so
 * callers may acknowledge (hang up, answer 200) right after. Emits 'item' (id) and 'event' (id).
 */
export class Spool extends EventEmitter {
  private constructor(readonly layout: SpoolLayout, readonly log: NodeLogger) {
    super();
  }

  static async open(dir: string, log: NodeLogger): Promise<Spool> {
    const layout = spoolLayout(dir);
    for (const sub of [layout.incoming, layout.audio, layout.events, layout.rejected, layout.trash]) await mkdir(sub, { recursive: true });
    await rm(layout.trash, { recursive: true, force: true });
    await mkdir(layout.trash);
    await removeTempFiles(layout.root);
    await removeTempFiles(layout.events);
    for (const id of await readdir(layout.audio)) await removeTempFiles(join(layout.audio, id));
    const recovery = await recoverIncoming(layout, log);
    await fsyncDir(layout.root);
    log.info('spool open', { dir, ...recovery });
    return new Spool(layout, log);
  }

  async putAudio(input: PutAudioInput): Promise<{ id: string }> {
    const fields = parse(PutAudioInput, input);
    const channels = Array.isArray(input.pcm) ? input.pcm : [input.pcm];
    if (channels.length !== 1 && channels.length !== 2) throw new SpoolError('BAD_INPUT', 'pcm must be mono or stereo');
    const id = fields.id ?? randomUUID();
    if (await this.hasItem(id)) return { id };
    const data = spoolWavData(channels);
    const dir = join(this.layout.incoming, id);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    const handle = await open(join(dir, audioFileName('wav')), 'w');
    try {
      await handle.write(spoolWavHeader(channels.length, data.byteLength));
      await handle.write(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const manifest: ItemManifest = {
      version: 1, id, kind: fields.kind, startedAt: iso(fields.startedAt), durationMs: durationMsOf(data.byteLength, channels.length),
      channels: channels.length as 1 | 2, state: 'complete', metadata: fields.metadata, files: {},
    };
    await writeFileAtomic(join(dir, ITEM_MANIFEST), JSON.stringify(manifest));
    await moveDurable(dir, join(this.layout.audio, id));
    this.emit('item', id);
    return { id };
  }

  /** A writer for long recordings; what it synced survives a crash and is recovered at the next open. */
  async beginAudio(input: BeginAudioInput): Promise<AudioWriter> {
    return beginStreamingAudio(this.layout, input, this.log, (id) => this.emit('item', id));
  }

  async putEvent(input: PutEventInput): Promise<{ id: string }> {
    const fields = parse(PutEventInput, input);
    const event: SpooledEvent = { id: fields.id ?? randomUUID(), type: fields.type, occurredAt: iso(fields.occurredAt ?? new Date()), payload: fields.payload };
    await writeFileAtomic(join(this.layout.events, `${event.id}.json`), JSON.stringify(event));
    this.emit('event', event.id);
    return { id: event.id };
  }

  itemDir(id: string): string {
    return join(this.layout.audio, id);
  }

  async hasItem(id: string): Promise<boolean> {
    return stat(this.itemDir(id)).then(() => true, () => false);
  }

  /** Ids of complete items waiting for upload. */
  async listItems(): Promise<string[]> {
    return readdir(this.layout.audio);
  }

  async readItem(id: string): Promise<ItemManifest> {
    const manifest = await readManifest(this.itemDir(id));
    if (!manifest) throw new SpoolError('CORRUPT', `item ${id} has no valid manifest`);
    return manifest;
  }

  async writeItem(manifest: ItemManifest): Promise<void> {
    await writeFileAtomic(join(this.itemDir(manifest.id), ITEM_MANIFEST), JSON.stringify(manifest));
  }

  /** Deletes an item the central app confirmed; via trash/ so a crash never leaves half an item. */
  async removeItem(id: string): Promise<void> {
    const trashed = join(this.layout.trash, id);
    await moveDurable(this.itemDir(id), trashed);
    await removeDurable(trashed);
  }

  /** Moves an item that cannot even be read to rejected/ as it is, for an operator. */
  async setAside(id: string): Promise<void> {
    await rm(join(this.layout.rejected, id), { recursive: true, force: true });
    await moveDurable(this.itemDir(id), join(this.layout.rejected, id));
  }

  async rejectItem(manifest: ItemManifest): Promise<void> {
    await this.writeItem(manifest);
    await rm(join(this.layout.rejected, manifest.id), { recursive: true, force: true });
    await moveDurable(this.itemDir(manifest.id), join(this.layout.rejected, manifest.id));
  }

  /** Pending events, oldest first. Unreadable files are set aside (and logged) rather than blocking the queue. */
  async listEvents(limit = Infinity): Promise<SpooledEvent[]> {
    const events: SpooledEvent[] = [];
    for (const name of await readdir(this.layout.events)) {
      if (!name.endsWith('.json')) continue;
      try {
        events.push(SpooledEventSchema.parse(JSON.parse(await readFile(join(this.layout.events, name), 'utf8'))));
      } catch (error) {
        // Files are written atomically, so this is disk damage or a foreign file: set it aside for an operator.
        this.log.error('unreadable spooled event, moved to rejected/events', { file: name, error: String(error) });
        await mkdir(join(this.layout.rejected, 'events'), { recursive: true });
        await moveDurable(join(this.layout.events, name), join(this.layout.rejected, 'events', name)).catch(() => undefined);
      }
    }
    return events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)).slice(0, limit);
  }

  async removeEvents(ids: readonly string[]): Promise<void> {
    for (const id of ids) await rm(join(this.layout.events, `${id}.json`), { force: true });
    if (ids.length) await fsyncDir(this.layout.events);
  }

  /** An event the central app refuses outright: kept under rejected/events/ for an operator. */
  async rejectEvent(id: string): Promise<void> {
    const dir = join(this.layout.rejected, 'events');
    await mkdir(dir, { recursive: true });
    await moveDurable(join(this.layout.events, `${id}.json`), join(dir, `${id}.json`));
  }

  stats(): Promise<SpoolStats> {
    return spoolStats(this.layout);
  }
}
