import { FRAME_SAMPLES } from '../audio/pcm.js';
import type { ConferenceBridge, ConferenceMember as JoiningMember } from '../ivr/verbs/bridge-to-conference.js';
import { silentLogger, type NodeLogger } from '../log.js';
import { ConferenceEmitter, type ConferenceEvents, type LeaveReason, type MemberSnapshot } from './conference-events.js';
import { MixerMember } from './mixer-member.js';
import { clampGainDb, dbToFactor, stepGainDb } from './gain.js';
import { addInto, renderFor, renderTotal, scaleInto } from './mix-frame.js';
import type { NoiseGateOptions } from './noise-gate.js';
import { PromptQueue, type PromptResult } from './prompt-queue.js';
import { frameEnergy, type TalkDetectorOptions } from './talk-detector.js';

/** The node's MediaClock, or anything else that calls back every 20 ms. */
export interface TickSource {
  register(listener: (tick: number) => void): () => void;
}

/** Where the recorded mix goes; the spool's AudioWriter is one. */
export interface RecordingSink {
  write(frame: Int16Array): void;
}

export interface ConferenceMixerOptions {
  clock: TickSource;
  noiseSuppression?: boolean;
  /** Frames held per member to absorb arrival jitter; older ones are dropped. */
  maxBufferedFrames?: number;
  /** Frames a member may have in flight to its call; beyond that the member's frames are dropped. */
  maxQueuedFrames?: number;
  talk?: TalkDetectorOptions;
  gate?: NoiseGateOptions;
  log?: NodeLogger;
}

export class ConferenceError extends Error {
  constructor(readonly code: 'DUPLICATE_MEMBER', message: string) {
    super(message);
    this.name = 'ConferenceError';
  }
}

/**
 * An N−1 conference mixer at 8 kHz / 20 ms, ticking on the node's MediaClock so the room and the
 * calls in it share one timeline. Each tick it takes every member's newest frame, sums the shares
 * of those who may speak, and sends each member the sum without their own share, with their
 * levels and any prompt playing to them. Nothing in a tick waits: a member whose call does not take
 * frames fast enough loses frames, not the others' time.
 */
export class ConferenceMixer implements ConferenceBridge {
  private readonly clock: TickSource;
  private readonly log: NodeLogger;
  private readonly options: ConferenceMixerOptions;
  private readonly events: ConferenceEmitter;
  private readonly byId = new Map<string, MixerMember>();
  private list: MixerMember[] = [];
  private readonly total = new Int32Array(FRAME_SAMPLES);
  private readonly toAll = new PromptQueue();
  private recording: RecordingSink | undefined;
  private unregister: (() => void) | undefined;
  private conferenceGainDb = 0;
  private conferenceFactor = 1;
  private noiseSuppression: boolean;
  private isLocked = false;
  private isEnded = false;
  private tickCount = 0;

  constructor(options: ConferenceMixerOptions) {
    this.options = options;
    this.clock = options.clock;
    this.log = options.log ?? silentLogger;
    this.events = new ConferenceEmitter(this.log);
    this.noiseSuppression = options.noiseSuppression ?? false;
  }

  get count(): number {
    return this.list.length;
  }

  get locked(): boolean {
    return this.isLocked;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  get gainDb(): number {
    return this.conferenceGainDb;
  }

  get noiseSuppressionEnabled(): boolean {
    return this.noiseSuppression;
  }

  /** Ticks mixed so far; with the lateness of the clock, how a room's timing is checked. */
  get ticks(): number {
    return this.tickCount;
  }

  on<K extends keyof ConferenceEvents>(type: K, listener: (event: ConferenceEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  join(joining: JoiningMember, signal: AbortSignal): Promise<LeaveReason> {
    if (this.isEnded) return Promise.resolve('ended');
    if (signal.aborted) return Promise.resolve('left');
    if (this.byId.has(joining.id)) return Promise.reject(new ConferenceError('DUPLICATE_MEMBER', `member ${joining.id} is already in the conference`));
    return new Promise<LeaveReason>((resolve) => {
      const member = new MixerMember({
        id: joining.id, media: joining.media, listenOnly: joining.listenOnly ?? false, muted: joining.muted ?? false,
        maxBufferedFrames: this.options.maxBufferedFrames ?? 2, talk: this.options.talk, gate: this.options.gate, finish: resolve,
      });
      const stopAudio = joining.media.onAudio((frame) => member.push(frame));
      const onAbort = () => this.leave(member, 'left');
      signal.addEventListener('abort', onAbort, { once: true });
      member.detach = () => {
        stopAudio();
        signal.removeEventListener('abort', onAbort);
      };
      this.byId.set(member.id, member);
      this.list = [...this.list, member];
      this.events.emit('joined', member.snapshot());
      this.updateClock();
    });
  }

  members(): MemberSnapshot[] {
    return this.list.map((m) => m.snapshot());
  }

  member(id: string): MemberSnapshot | undefined {
    return this.byId.get(id)?.snapshot();
  }

  mute(id: string): boolean {
    return this.setFlags(id, (m) => (m.muted = true));
  }

  unmute(id: string): boolean {
    return this.setFlags(id, (m) => (m.muted = false));
  }

  setListenOnly(id: string, listenOnly: boolean): boolean {
    return this.setFlags(id, (m) => (m.listenOnly = listenOnly));
  }

  /** Takes a member out; their join resolves 'removed'. False when no such member is in. */
  remove(id: string): boolean {
    const member = this.byId.get(id);
    if (!member) return false;
    this.leave(member, 'removed');
    return true;
  }

  /** The room's level for everyone (keys 4/6); returns the level now in effect. */
  setConferenceGain(db: number): number {
    this.conferenceGainDb = clampGainDb(db);
    this.conferenceFactor = dbToFactor(this.conferenceGainDb);
    return this.conferenceGainDb;
  }

  stepConferenceGain(steps: number): number {
    return this.setConferenceGain(stepGainDb(this.conferenceGainDb, steps));
  }

  /** How loud a member is to the others (keys 7/9); undefined when no such member is in. */
  setMemberInputGain(id: string, db: number): number | undefined {
    const member = this.byId.get(id);
    member?.setInputGain(clampGainDb(db));
    return member?.inputGainDb;
  }

  stepMemberInputGain(id: string, steps: number): number | undefined {
    const member = this.byId.get(id);
    return member && this.setMemberInputGain(id, stepGainDb(member.inputGainDb, steps));
  }

  /** What a member hears. */
  setMemberOutputGain(id: string, db: number): number | undefined {
    const member = this.byId.get(id);
    member?.setOutputGain(clampGainDb(db));
    return member?.outputGainDb;
  }

  stepMemberOutputGain(id: string, steps: number): number | undefined {
    const member = this.byId.get(id);
    return member && this.setMemberOutputGain(id, stepGainDb(member.outputGainDb, steps));
  }

  setNoiseSuppression(enabled: boolean): void {
    if (enabled && !this.noiseSuppression) for (const m of this.list) m.gate.reset();
    this.noiseSuppression = enabled;
  }

  /** Only a flag: the conference app decides who may still enter. */
  lock(): void {
    this.isLocked = true;
  }

  unlock(): void {
    this.isLocked = false;
  }

  /**
   * Mixes frames into what everyone hears (entry tones, announcements), except the member `except`
   * (nobody hears their own "has joined"); resolves when played. Not part of the recording.
   */
  playToAll(frames: Iterable<Int16Array>, except?: string): Promise<PromptResult> {
    if (this.isEnded) return Promise.resolve('stopped');
    return this.toAll.add(frames, except);
  }

  /** Mixes frames into what one member hears; 'stopped' if the member leaves first or is not in. */
  playTo(id: string, frames: Iterable<Int16Array>): Promise<PromptResult> {
    const member = this.byId.get(id);
    return member ? member.prompts.add(frames) : Promise.resolve('stopped');
  }

  /**
   * Writes the room's mix to `sink` every tick from now on, members or not; keeping or dropping
   * the result is the app's choice. A previous sink is replaced and returned.
   */
  startRecording(sink: RecordingSink): RecordingSink | undefined {
    if (this.isEnded) throw new Error('conference has ended');
    const previous = this.recording;
    this.recording = sink;
    this.updateClock();
    return previous;
  }

  /** Stops writing and hands the sink back for the app to finish or abort. */
  stopRecording(): RecordingSink | undefined {
    const sink = this.recording;
    this.recording = undefined;
    this.updateClock();
    return sink;
  }

  get recordingActive(): boolean {
    return this.recording !== undefined;
  }

  /** Everyone's join resolves 'ended'; the recording stops (its sink is the app's to finish). */
  end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    for (const member of this.list) this.leave(member, 'ended');
    this.toAll.clear();
    this.recording = undefined;
    this.updateClock();
    this.events.emit('ended', { at: new Date() });
  }

  stats(): { ticks: number; members: number; droppedInput: number; droppedOutput: number } {
    let droppedInput = 0;
    let droppedOutput = 0;
    for (const m of this.list) {
      droppedInput += m.droppedInput;
      droppedOutput += m.droppedOutput;
    }
    return { ticks: this.tickCount, members: this.list.length, droppedInput, droppedOutput };
  }

  private setFlags(id: string, change: (member: MixerMember) => void): boolean {
    const member = this.byId.get(id);
    if (!member) return false;
    change(member);
    // Someone who cannot be heard is not shown talking, at once rather than after the stop time.
    if (member.silent && member.detector.talking) {
      member.detector.reset();
      this.events.emit('talking', { id, talking: false });
    }
    return true;
  }

  private leave(member: MixerMember, reason: LeaveReason): void {
    if (this.byId.get(member.id) !== member) return;
    this.byId.delete(member.id);
    this.list = this.list.filter((m) => m !== member);
    member.detach();
    member.prompts.clear();
    member.finish(reason);
    this.events.emit('left', { id: member.id, reason });
    this.updateClock();
  }

  private updateClock(): void {
    const wanted = !this.isEnded && (this.list.length > 0 || this.recording !== undefined);
    if (wanted && !this.unregister) this.unregister = this.clock.register(() => this.tick());
    else if (!wanted && this.unregister) {
      this.unregister();
      this.unregister = undefined;
    }
  }

  private tick(): void {
    this.tickCount++;
    const members = this.list;
    const total = this.total;
    total.fill(0);
    const changed: MixerMember[] = [];
    for (const m of members) {
      m.take();
      m.contributes = !m.silent;
      if (!m.contributes) continue;
      let energy = frameEnergy(m.input);
      if (this.noiseSuppression && m.gate.process(m.input, energy) !== 1) energy = frameEnergy(m.input);
      if (m.detector.update(energy)) changed.push(m);
      scaleInto(m.input, m.inputFactor, m.contribution);
      addInto(total, m.contribution);
    }
    const shared = this.toAll.next();
    const skip = shared && this.toAll.except;
    for (const m of members) {
      const frame = renderFor(total, m.contributes ? m.contribution : undefined, this.conferenceFactor * m.outputFactor, m.id === skip ? undefined : shared, m.prompts.next());
      this.deliver(m, frame);
    }
    if (this.recording) this.record(this.recording, renderTotal(total));
    for (const m of changed) this.events.emit('talking', { id: m.id, talking: m.detector.talking });
  }

  private record(sink: RecordingSink, frame: Int16Array): void {
    try {
      sink.write(frame);
    } catch (err) {
      // A sink that fails once (disk full, writer finished) is dropped, not retried 50 times a second.
      this.log.error('conference recording write failed', { err: String(err) });
      if (this.recording === sink) this.recording = undefined;
      this.updateClock();
    }
  }

  private deliver(member: MixerMember, frame: Int16Array): void {
    const maxQueued = this.options.maxQueuedFrames ?? 3;
    if (member.media.closed) return;
    if (member.pendingSends >= maxQueued) {
      member.droppedOutput++;
      return;
    }
    member.pendingSends++;
    const done = () => void member.pendingSends--;
    try {
      member.media.send([frame]).then(done, done);
    } catch (err) {
      done();
      this.log.warn('conference send failed', { member: member.id, err: String(err) });
    }
  }
}
