/**
 * What the SIPREC bench reads back: the node's own RTP counters per call (its "call ended" log
 * line carries every stream's stats), and each call's stored item in the central app — found by
 * its SIP Call-ID — whose WAV channels are counted frame by frame against what was sent, and
 * whose createdAt (when the central app accepted the uploaded files) is set against the BYE.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FRAME_SAMPLES } from '../../media-node/audio/pcm.js';
import { decodeWav } from '../../media-node/codecs/wav.js';
import { audioItems } from '../../schema/index.js';
import type { Central } from '../../test/media-node/spool/central-fixture.js';
import type { SentCall } from './siprec-load-sender.js';

export interface StreamStats {
  packetsIn: number;
  lost: number;
  late: number;
  dropped: number;
}

/** Follows the node's JSON log for "call ended" lines and keeps their RTP stats by Call-ID. */
export function watchCallStats(child: ChildProcess): Map<string, StreamStats[]> {
  const byCall = new Map<string, StreamStats[]>();
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes('"call ended"')) continue;
        try {
          const entry = JSON.parse(line) as { callId?: string; stats?: StreamStats | StreamStats[] };
          if (entry.callId && entry.stats) byCall.set(entry.callId, Array.isArray(entry.stats) ? entry.stats : [entry.stats]);
        } catch {
          // Not one of the node's JSON lines.
        }
      }
    });
  }
  return byCall;
}

export interface StoredCheck {
  stored: number;
  /** Packets we sent, over every stream of the calls. */
  framesSent: number;
  /** Sent frames not heard in their channel of the stored WAV (stored as silence, or absent). */
  framesMissing: number;
  /** Stored duration minus the audio sent, per call (the quiet before the BYE and the answer's start), ms. */
  extraMs: number[];
  /** BYE sent → item accepted by the central app, per stored call, ms. */
  byeToStoredMs: number[];
  /** Calls whose channel count is not their stream count. */
  wrongChannels: number;
}

function audibleFrames(pcm: Int16Array): number {
  let heard = 0;
  for (let at = 0; at + FRAME_SAMPLES <= pcm.length; at += FRAME_SAMPLES) {
    for (let i = at; i < at + FRAME_SAMPLES; i++) {
      if (pcm[i] !== 0) {
        heard++;
        break;
      }
    }
  }
  return heard;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to `timeoutMs` for every call's item, then reads each back. */
export async function checkStored(central: Central, calls: ReadonlyMap<string, SentCall>, byeAt: ReadonlyMap<string, number>, timeoutMs: number): Promise<StoredCheck> {
  const end = Date.now() + timeoutMs;
  let rows: (typeof audioItems.$inferSelect)[] = [];
  for (;;) {
    const all = await central.h.deps.db.select().from(audioItems);
    rows = all.filter((r) => calls.has(String(r.metadata.callId)));
    if (rows.length >= calls.size || Date.now() > end) break;
    await sleep(100);
  }
  const check: StoredCheck = { stored: rows.length, framesSent: 0, framesMissing: 0, extraMs: [], byeToStoredMs: [], wrongChannels: 0 };
  for (const call of calls.values()) for (const s of call.streams) check.framesSent += s.sent;
  const storedIds = new Set<string>();
  for (const row of rows) {
    const callId = String(row.metadata.callId);
    storedIds.add(callId);
    const call = calls.get(callId)!;
    const wav = decodeWav(new Uint8Array(await readFile(join(central.h.dir, 'objects', ...row.files.wav.key.split('/')))));
    if (wav.channels.length !== call.streams.length) check.wrongChannels++;
    call.streams.forEach((s, i) => {
      const channel = wav.channels[i];
      check.framesMissing += Math.max(0, s.sent - (channel ? audibleFrames(channel) : 0));
    });
    const sentMs = ((call.streams[0]?.sent ?? 0) + call.skipped) * 20;
    check.extraMs.push(row.durationMs - sentMs);
    const bye = byeAt.get(callId);
    if (bye !== undefined) check.byeToStoredMs.push(row.createdAt.getTime() - bye);
  }
  // A call that never arrived lost all it sent.
  for (const call of calls.values()) if (!storedIds.has(call.callId)) for (const s of call.streams) check.framesMissing += s.sent;
  return check;
}

/** Packets sent that the node's counters never saw, and its late/dropped counts, over the given calls. */
export function nodeLoss(calls: ReadonlyMap<string, SentCall>, stats: ReadonlyMap<string, StreamStats[]>): { lost: number; late: number; dropped: number; missingStats: number } {
  const out = { lost: 0, late: 0, dropped: 0, missingStats: 0 };
  for (const call of calls.values()) {
    const s = stats.get(call.callId);
    if (!s) {
      out.missingStats++;
      continue;
    }
    call.streams.forEach((stream, i) => {
      const st = s[i];
      out.lost += Math.max(0, stream.sent - (st?.packetsIn ?? 0));
      out.late += st?.late ?? 0;
      out.dropped += st?.dropped ?? 0;
    });
  }
  return out;
}
