import { randomBytes } from 'node:crypto';
import type { RemoteInfo } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { FRAME_MS, FRAME_SAMPLES } from '../audio/pcm.js';
import type { CallMedia, DtmfDigit, DtmfEvent, SendResult } from '../media/call-media.js';
import type { NodeLogger } from '../log.js';
import { DtmfDetector } from '../dtmf/goertzel.js';
import { InvalidDtmfDigit, isDtmfDigit } from '../dtmf/digits.js';
import { Rfc4733Receiver, planTelephoneEvent, type PlannedEventPacket } from '../dtmf/rfc4733.js';
import { dtmfToneFrames } from '../dtmf/tones.js';
import { codecFor, type RtpCodec, type RtpCodecName } from './codec.js';
import { JitterBuffer } from './jitter-buffer.js';
import { SourceLatch, type RtpAddress } from './latch.js';
import type { MediaClock } from './media-clock.js';
import { OutputQueue } from './output-queue.js';
import { RTP_HEADER_BYTES, parseRtp, writeRtpHeader } from './packet.js';
import type { RtpPorts } from './port-pool.js';
import { ReceiveStats } from './receive-stats.js';

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface RtpSessionOptions {
  ports: RtpPorts;
  clock: MediaClock;
  codec: RtpCodecName;
  payloadType: number;
  telephoneEventPt?: number;
  remote: RtpAddress;
  direction?: MediaDirection;
  log: NodeLogger;
  /** Initial playout delay of the jitter buffer, rounded to 20 ms frames. */
  jitterMs?: number;
  /**
   * A stream that is only recorded (SIPREC, recording legs): its frames follow the wall clock, not
   * the ticks, so a stalled event loop delays them but loses none. Each tick plays out every frame
   * due since start() — silence before the first packet and in gaps — and the jitter buffer holds
   * up to RECORD_BACKLOG_FRAMES meanwhile.
   */
  recordOnly?: boolean;
}

/** How far a record-only stream may fall behind (10 s) before its oldest packets are dropped. */
export const RECORD_BACKLOG_FRAMES = 500;

export interface RtpSessionUpdate {
  codec?: RtpCodecName;
  payloadType?: number;
  telephoneEventPt?: number;
  remote?: RtpAddress;
  direction?: MediaDirection;
}

export interface RtpSessionStats {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  lost: number;
  late: number;
  dropped: number;
  jitterMs: number;
  ssrcChanges: number;
}

interface EventJob {
  plan: PlannedEventPacket[];
  sent: number;
  timestamp: number;
  resolve: () => void;
}

/** One call's RTP: receive, jitter buffer, decode, DTMF in; paced encode and send, DTMF out. */
export class RtpSession implements CallMedia {
  private readonly ports: RtpPorts;
  private readonly clock: MediaClock;
  private readonly log: NodeLogger;
  private codec: RtpCodec;
  private payloadType: number;
  private telephoneEventPt: number | undefined;
  private direction: MediaDirection;
  private readonly latch: SourceLatch;
  private readonly jitter: JitterBuffer;
  private readonly recordOnly: boolean;
  /** Record-only streams: frames played out since start(). */
  private framesOut = 0;
  private readonly received = new ReceiveStats();
  private readonly rfc4733 = new Rfc4733Receiver();
  private readonly detector = new DtmfDetector();
  private readonly output = new OutputQueue();
  private readonly tones = new OutputQueue();
  private eventJobs: EventJob[] = [];
  private eventSsrc: number | undefined;
  private readonly audioListeners = new Set<(frame: Int16Array) => void>();
  private readonly dtmfListeners = new Set<(event: DtmfEvent) => void>();
  private readonly ssrc = randomBytes(4).readUInt32BE(0);
  private sequence = randomBytes(2).readUInt16BE(0);
  private timestamp = randomBytes(4).readUInt32BE(0);
  private paused = true;
  private packetsOut = 0;
  private dropped = 0;
  private startedAt = performance.now();
  private started = false;
  private listening = false;
  private isClosed = false;
  private readonly tick = () => this.onTick();
  private readonly onMessage = (msg: Buffer, from: RemoteInfo) => this.receive(msg, from);

  constructor(options: RtpSessionOptions) {
    this.ports = options.ports;
    this.clock = options.clock;
    this.log = options.log;
    this.codec = codecFor(options.codec);
    this.payloadType = options.payloadType;
    this.telephoneEventPt = options.telephoneEventPt;
    this.direction = options.direction ?? 'sendrecv';
    this.latch = new SourceLatch(options.remote);
    this.recordOnly = options.recordOnly ?? false;
    this.jitter = new JitterBuffer({ delayFrames: Math.round((options.jitterMs ?? 40) / 20), ...(this.recordOnly ? { maxFrames: RECORD_BACKLOG_FRAMES } : {}) });
    const onError = (err: Error) => this.log.warn('rtp socket error', { err: err.message, port: this.ports.port });
    this.ports.rtp.on('error', onError);
    this.ports.rtcp.on('error', onError);
  }

  /** The local RTP port, for the SDP. */
  get port(): number {
    return this.ports.port;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Takes in RTP without playing it out yet: what arrives between our 200 OK and the moment the
   * application is ready waits in the jitter buffer instead of being played to nobody.
   */
  listen(): void {
    if (this.listening || this.isClosed) return;
    this.listening = true;
    this.ports.rtp.on('message', this.onMessage);
    // RTCP reports are not used; an attached listener keeps the socket draining.
    this.ports.rtcp.on('message', () => {});
  }

  /** Starts the 20 ms playout and sending (and listening, if not yet). */
  start(): void {
    if (this.started || this.isClosed) return;
    this.listen();
    this.started = true;
    this.startedAt = performance.now();
    this.clock.register(this.tick);
  }

  update(options: RtpSessionUpdate): void {
    if (options.codec) this.codec = codecFor(options.codec);
    if (options.payloadType !== undefined) this.payloadType = options.payloadType;
    if ('telephoneEventPt' in options) this.telephoneEventPt = options.telephoneEventPt;
    if (options.direction) this.direction = options.direction;
    if (options.remote) this.latch.reset(options.remote);
    this.detector.reset();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.clock.unregister(this.tick);
    this.ports.rtp.off('message', this.onMessage);
    this.output.close();
    this.tones.close();
    for (const job of this.eventJobs) job.resolve();
    this.eventJobs = [];
    this.audioListeners.clear();
    this.dtmfListeners.clear();
    this.ports.release();
  }

  stats(): RtpSessionStats {
    const j = this.jitter.stats;
    return {
      packetsIn: this.received.packetsIn,
      packetsOut: this.packetsOut,
      bytesIn: this.received.bytesIn,
      lost: this.received.lost,
      late: j.late,
      dropped: this.dropped + j.dropped + j.duplicates,
      jitterMs: this.received.jitterMs,
      ssrcChanges: this.received.ssrcChanges,
    };
  }

  send(frames: Iterable<Int16Array>, signal?: AbortSignal): Promise<SendResult> {
    return this.output.enqueue(frames, signal);
  }

  clearOutput(): void {
    this.output.clear();
  }

  async sendDtmf(digit: DtmfDigit, durationMs = 100): Promise<void> {
    if (!isDtmfDigit(digit)) throw new InvalidDtmfDigit(digit);
    if (this.isClosed) return;
    if (this.telephoneEventPt === undefined) {
      await this.tones.enqueue(dtmfToneFrames(digit, durationMs));
      return;
    }
    const plan = planTelephoneEvent(digit, durationMs);
    await new Promise<void>((resolve) => this.eventJobs.push({ plan, sent: 0, timestamp: 0, resolve }));
  }

  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  onDtmf(listener: (event: DtmfEvent) => void): () => void {
    this.dtmfListeners.add(listener);
    return () => this.dtmfListeners.delete(listener);
  }

  injectDtmf(digit: DtmfDigit, source: DtmfEvent['source']): void {
    if (this.isClosed) return;
    const event: DtmfEvent = { digit, source, at: performance.now() - this.startedAt };
    for (const listener of this.dtmfListeners) this.guard(listener, event);
  }

  /** A listener's bug must not stop this call's pacing nor, from a socket callback, the process. */
  private guard<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (err) {
      this.log.error('rtp session listener failed', { err: String(err), stack: (err as Error)?.stack });
    }
  }

  private receive(msg: Buffer, from: RemoteInfo): void {
    const parsed = parseRtp(msg);
    if (!parsed.ok) {
      this.dropped++;
      return;
    }
    const p = parsed.packet;
    const isEvent = this.telephoneEventPt !== undefined && p.payloadType === this.telephoneEventPt;
    if ((!isEvent && p.payloadType !== this.payloadType) || !this.latch.accept(from.address, from.port, p.ssrc)) {
      this.dropped++;
      return;
    }
    if (this.received.onPacket(p.ssrc, p.sequence, msg.length)) this.log.debug('rtp ssrc changed', { ssrc: p.ssrc });
    if (isEvent) {
      // Tracked apart from audio: some gateways send events under an SSRC of their own.
      if (p.ssrc !== this.eventSsrc) {
        this.eventSsrc = p.ssrc;
        this.rfc4733.reset();
      }
      const digit = this.rfc4733.receive(p);
      if (digit) this.injectDtmf(digit, 'rfc4733');
      return;
    }
    if (p.payload.length === 0) return;
    this.received.onAudioTiming(p.timestamp, performance.now());
    const samples = this.codec.decodeInto(p.payload, new Int16Array(p.payload.length * this.codec.samplesPerByte));
    this.jitter.push({ sequence: p.sequence, timestamp: p.timestamp, ssrc: p.ssrc, samples });
  }

  private onTick(): void {
    this.playout();
    this.transmit();
    this.timestamp = (this.timestamp + FRAME_SAMPLES) >>> 0;
  }

  private playout(): void {
    if (!this.recordOnly) return this.playFrame(this.jitter.pop());
    const due = Math.floor((performance.now() - this.startedAt) / FRAME_MS) + 1;
    for (let n = Math.min(due - this.framesOut, RECORD_BACKLOG_FRAMES); n > 0; n--) {
      this.framesOut++;
      this.playFrame(this.jitter.pop() ?? null);
    }
  }

  private playFrame(played: Int16Array | null | undefined): void {
    if (played === undefined) return;
    const frame = played ?? new Int16Array(FRAME_SAMPLES);
    if (this.telephoneEventPt === undefined) {
      for (const digit of this.detector.process(frame)) this.injectDtmf(digit, 'inband');
    }
    for (const listener of this.audioListeners) this.guard(listener, frame);
  }

  private transmit(): void {
    const canSend = this.direction === 'sendrecv' || this.direction === 'sendonly';
    const event = this.eventJobs[0];
    if (event) {
      // Audio waits while a digit is on the wire; the event keeps the timestamp it started at.
      if (event.sent === 0) event.timestamp = this.timestamp;
      const packet = event.plan[event.sent++]!;
      if (canSend && this.telephoneEventPt !== undefined) {
        const buf = Buffer.allocUnsafe(RTP_HEADER_BYTES + packet.payload.length);
        buf.set(packet.payload, RTP_HEADER_BYTES);
        this.emit(buf, this.telephoneEventPt, packet.marker, event.timestamp);
      }
      if (event.sent === event.plan.length) {
        this.eventJobs.shift();
        event.resolve();
      }
      return;
    }
    const frame = this.tones.next() ?? this.output.next();
    if (!frame || !canSend) {
      // On hold queued audio still plays out in time, it just goes nowhere.
      this.paused = true;
      return;
    }
    const buf = Buffer.allocUnsafe(RTP_HEADER_BYTES + this.codec.bytesPerFrame);
    this.codec.encodeInto(frame, buf.subarray(RTP_HEADER_BYTES));
    this.emit(buf, this.payloadType, this.paused, this.timestamp);
    this.paused = false;
  }

  /** Fills in the header of a buffer whose payload is already in place, and sends it. */
  private emit(buf: Buffer, payloadType: number, marker: boolean, timestamp: number): void {
    writeRtpHeader(buf, { marker, payloadType, sequence: this.sequence, timestamp, ssrc: this.ssrc });
    this.sequence = (this.sequence + 1) & 0xffff;
    const to = this.latch.target;
    this.ports.rtp.send(buf, to.port, to.address);
    this.packetsOut++;
  }
}
