import { createSocket, type Socket } from 'node:dgram';
import { alawDecode, alawEncode } from '../../../media-node/codecs/g711.js';
import { planTelephoneEvent } from '../../../media-node/dtmf/rfc4733.js';
import type { DtmfDigit } from '../../../media-node/media/call-media.js';
import { parseRtp, serializeRtp } from '../../../media-node/rtp/packet.js';
import { PROMPT_TONES, toneHeard, type PromptId } from './conference-e2e-audio.js';
import { until } from '../spool/central-fixture.js';

/** How one sipp run ended. */
export interface SippOutcome {
  code: number | null;
  output: string;
  errors: string;
}


interface Captured {
  at: number;
  pcm: Int16Array;
}

/**
 * The media side of a test caller: a UDP socket named in the caller's SDP. It records what the node
 * sends (A-law, with arrival times) and, once the node's first packet shows where to send, streams
 * 20 ms frames back: queued audio, else silence, with RFC 4733 digits taking precedence.
 */
export class RtpPeer {
  readonly frames: Captured[] = [];
  private remote: { address: string; port: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: { pcm: Int16Array; at: number; done: () => void }[] = [];
  private readonly events: { marker: boolean; payload: Uint8Array; last: boolean; done?: () => void }[] = [];
  private seq = Math.floor(Math.random() * 60000);
  private ts = Math.floor(Math.random() * 1e9);
  private eventTs: number | undefined;
  private readonly ssrc = Math.floor(Math.random() * 0xffffffff) >>> 0;
  private started = 0;
  private sent = 0;

  private constructor(private readonly socket: Socket, readonly port: number, private readonly stream: boolean) {
    socket.on('message', (data, from) => {
      const parsed = parseRtp(new Uint8Array(data));
      if (!parsed.ok || parsed.packet.payloadType !== 8) return;
      if (!this.remote) this.begin(from);
      this.frames.push({ at: performance.now(), pcm: alawDecode(parsed.packet.payload) });
    });
  }

  /** `stream: false` sends only digits, for crowds where the node's load is the point. */
  static async open(stream = true): Promise<RtpPeer> {
    const socket = createSocket('udp4');
    const port = await new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
    return new RtpPeer(socket, port, stream);
  }

  get answered(): boolean {
    return this.remote !== undefined;
  }

  /** Queues audio; resolves once its last frame is sent. */
  play(pcm: Int16Array): Promise<void> {
    return new Promise((done) => this.queue.push({ pcm, at: 0, done }));
  }

  /** Sends the keys as RFC 4733 events (100 ms each, 100 ms apart); resolves once sent. */
  press(keys: string): Promise<void> {
    return new Promise((done) => {
      const all = [...keys];
      all.forEach((key, k) => {
        const planned = planTelephoneEvent(key as DtmfDigit, 100);
        planned.forEach((p, i) => this.events.push({ ...p, last: i === planned.length - 1, done: k === all.length - 1 && i === planned.length - 1 ? done : undefined }));
        // The gap between keys: five frames of "no event", sent as audio.
        for (let g = 0; g < 5; g++) this.events.push({ marker: false, payload: new Uint8Array(0), last: false });
      });
      if (!this.stream) this.ensureTimer();
    });
  }

  /** What the node sent between two performance.now() instants, frames in arrival order. */
  audio(from = 0, to = Infinity): Int16Array {
    const chosen = this.frames.filter((f) => f.at >= from && f.at <= to);
    const out = new Int16Array(chosen.length * 160);
    chosen.forEach((f, i) => out.set(f.pcm, i * 160));
    return out;
  }

  /** Whether a prompt's tone was heard after `from`. */
  heard(prompt: PromptId, from = 0): boolean {
    return toneHeard(this.audio(from), PROMPT_TONES[prompt]);
  }

  /** Waits for a prompt's tone after `from`, scanning only new frames (with a window's overlap), as crowds poll often. */
  async waitFor(prompt: PromptId, from = 0, timeoutMs = 15_000): Promise<void> {
    let next = 0;
    await until(() => {
      const frames = this.frames.slice(Math.max(0, next - 5)).filter((f) => f.at >= from);
      next = this.frames.length;
      const pcm = new Int16Array(frames.length * 160);
      frames.forEach((f, i) => pcm.set(f.pcm, i * 160));
      if (toneHeard(pcm, PROMPT_TONES[prompt])) return true;
      // A call sipp has given up on will never hear it: say why now, not at the timeout.
      if (this.outcome) throw new Error(`call ended (sipp exit ${this.outcome.code}) before prompt ${prompt}:\n${this.outcome.output.slice(-1500)}\n${this.outcome.errors}`);
      return false;
    }, timeoutMs, `prompt ${prompt} on RTP port ${this.port}`);
  }

  /** The sipp run this peer's call belonged to, once it is over (set by dial()). */
  outcome: SippOutcome | undefined;

  close(): void {
    clearInterval(this.timer);
    this.socket.close();
  }

  private begin(from: { address: string; port: number }): void {
    this.remote = { address: from.address, port: from.port };
    if (this.stream || this.events.length) this.ensureTimer();
  }

  private ensureTimer(): void {
    if (this.timer || !this.remote) return;
    this.started = performance.now();
    this.sent = 0;
    // Paced against the clock, not the timer: a late timer sends the frames it owes (a few at most).
    this.timer = setInterval(() => {
      const due = Math.floor((performance.now() - this.started) / 20) + 1 - this.sent;
      for (let i = 0; i < Math.min(due, 5); i++) this.sendFrame();
      if (due > 5) this.sent += due - 5;
      if (!this.stream && this.events.length === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    }, 10);
  }

  private sendFrame(): void {
    this.sent++;
    const event = this.events.shift();
    if (event && event.payload.length) {
      this.eventTs ??= this.ts;
      this.send(101, event.marker, this.eventTs, event.payload);
      if (event.last) this.eventTs = undefined;
      this.ts += 160;
      event.done?.();
      return;
    }
    if (!this.stream) {
      this.ts += 160;
      return;
    }
    const frame = new Int16Array(160);
    const head = this.queue[0];
    if (head) {
      frame.set(head.pcm.subarray(head.at, head.at + 160));
      head.at += 160;
      if (head.at >= head.pcm.length) {
        this.queue.shift();
        head.done();
      }
    }
    this.send(8, false, this.ts, alawEncode(frame));
    this.ts += 160;
  }

  private send(payloadType: number, marker: boolean, timestamp: number, payload: Uint8Array): void {
    const packet = serializeRtp({ marker, payloadType, sequence: this.seq, timestamp: timestamp >>> 0, ssrc: this.ssrc, payload });
    this.seq = (this.seq + 1) & 0xffff;
    this.socket.send(packet, this.remote!.port, this.remote!.address);
  }
}

