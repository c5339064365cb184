/**
 * Did every recorded call reach the central app whole? Each call's item is found by its SIP
 * Call-ID and its stored WAV is read back. The generator's tone is never silent, so an all-zero
 * 20 ms frame is one the node wrote for a packet it did not have in time. The steady-state verdict
 * looks at the measured window only: the frames sent in it are the last ones before the trailing
 * silence (the node keeps recording the quiet between our last packet and the BYE). The start of
 * the call, when the node is busy answering the other calls, is counted apart.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FRAME_SAMPLES } from '../../media-node/audio/pcm.js';
import { decodeWav } from '../../media-node/codecs/wav.js';
import { audioItems } from '../../schema/index.js';
import type { Central } from '../../test/media-node/spool/central-fixture.js';

export interface SentAudio {
  /** Frames sent over the whole call. */
  total: number;
  /** Of those, frames sent in the measured window (the last ones). */
  window: number;
  /** Ticks our generator missed in the window: the node rightly fills them with silence. */
  skipped: number;
}

export interface RecordCheck {
  stored: number;
  windowFrames: number;
  /** Window frames stored as silence or absent. */
  windowMissing: number;
  callFrames: number;
  /** Frames of the whole call absent from the stored audio (call start included). */
  callMissing: number;
  /** Calls with a frame missing anywhere. */
  callsShort: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One boolean per 20 ms frame: does it hold any sound? */
function audibility(pcm: Int16Array): boolean[] {
  const frames: boolean[] = [];
  for (let at = 0; at + FRAME_SAMPLES <= pcm.length; at += FRAME_SAMPLES) {
    let heard = false;
    for (let i = at; i < at + FRAME_SAMPLES && !heard; i++) heard = pcm[i] !== 0;
    frames.push(heard);
  }
  return frames;
}

export function judgeRecording(frames: boolean[], sent: SentAudio): { windowMissing: number; callMissing: number } {
  let end = frames.length;
  while (end > 0 && !frames[end - 1]) end--;
  const region = frames.slice(Math.max(0, end - sent.window - sent.skipped), end);
  const windowMissing = Math.max(0, sent.window - region.filter(Boolean).length);
  const callMissing = Math.max(0, sent.total - frames.filter(Boolean).length);
  return { windowMissing, callMissing };
}

/** Waits up to `timeoutMs` for an item per Call-ID in `sent`, then checks each. */
export async function checkRecordings(central: Central, sent: ReadonlyMap<string, SentAudio>, timeoutMs: number): Promise<RecordCheck> {
  const end = Date.now() + timeoutMs;
  let rows: (typeof audioItems.$inferSelect)[] = [];
  for (;;) {
    const all = await central.h.deps.db.select().from(audioItems);
    rows = all.filter((r) => sent.has(String(r.metadata.callId)));
    if (rows.length >= sent.size || Date.now() > end) break;
    await sleep(250);
  }
  const check: RecordCheck = { stored: rows.length, windowFrames: 0, windowMissing: 0, callFrames: 0, callMissing: 0, callsShort: 0 };
  for (const row of rows) {
    const audio = sent.get(String(row.metadata.callId))!;
    const wav = decodeWav(new Uint8Array(await readFile(join(central.h.dir, 'objects', ...row.files.wav.key.split('/')))));
    const verdict = judgeRecording(audibility(wav.channels[0]!), audio);
    check.windowFrames += audio.window;
    check.windowMissing += verdict.windowMissing;
    check.callFrames += audio.total;
    check.callMissing += verdict.callMissing;
    if (verdict.callMissing > 0 || verdict.windowMissing > 0) check.callsShort++;
  }
  return check;
}
