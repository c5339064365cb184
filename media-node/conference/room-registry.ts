import { randomUUID } from 'node:crypto';
import type { RoomLookup } from '../central/conference-client.js';
import type { LivePush } from '../central/conference-client.js';
import { toFrames } from '../audio/pcm.js';
import { tone } from '../ivr/tones.js';
import type { NodeLogger } from '../log.js';
import type { AudioWriter, BeginAudioInput } from '../spool/audio-writer.js';
import type { PutEventInput } from '../spool/spool.js';
import { ConferenceMixer, type TickSource } from './conference-mixer.js';

export type OpenRoom = Extract<RoomLookup, { state: 'open' }>;
export type Role = 'admin' | 'participant';
type LiveRoom = LivePush['rooms'][number];

export interface Participant {
  id: string;
  callerNumber: string;
  callerName: string;
  role: Role;
  joinedAt: Date;
}

/** Spoken entry and exit announcements for one caller (built by the app in the site's language). */
export interface Announcements {
  joined: Int16Array;
  left: Int16Array;
}

export interface RoomRegistryOptions {
  clock: TickSource;
  /** The spool: events go out through it at least once, recordings are written into it. */
  spool: { putEvent(input: PutEventInput): Promise<unknown>; beginAudio(input: BeginAudioInput): Promise<AudioWriter> };
  log: NodeLogger;
  now?: () => Date;
}

/** A session shorter than this (from the first entry to the close) keeps no recording. */
export const MIN_RECORDING_MS = 1000;

const ENTRY_TONE = () => toFrames(tone({ frequency: 880, ms: 150, amplitude: 6000 }));
const EXIT_TONE = () => toFrames(tone({ frequency: 440, ms: 150, amplitude: 6000 }));

/**
 * One run of a room on this node: its mixer, who is in it, and the session the central app's
 * history is built from (conference.* events, in order, through the spool).
 */
export class RunningRoom {
  readonly sessionId = randomUUID();
  readonly mixer: ConferenceMixer;
  private readonly people = new Map<string, Participant>();
  private readonly farewells = new Map<string, Int16Array>();
  private everJoined = 0;
  private firstJoinAt: Date | undefined;
  private closed = false;
  private windowTimer: NodeJS.Timeout | undefined;
  private recording: Promise<AudioWriter | null> = Promise.resolve(null);

  constructor(readonly room: OpenRoom, private readonly registry: RoomRegistry, private readonly options: RoomRegistryOptions) {
    this.mixer = new ConferenceMixer({ clock: options.clock, noiseSuppression: room.options.noiseSuppression, log: options.log });
    if (room.endsAt) {
      // Timers cap at ~24.8 days; a longer window is re-read at the next join anyway.
      const ms = Math.min(Math.max(0, Date.parse(room.endsAt) - this.now().getTime()), 2 ** 31 - 1);
      this.windowTimer = setTimeout(() => this.end(), ms);
      this.windowTimer.unref?.();
    }
  }

  get roomId(): string {
    return this.room.roomId;
  }

  /** Who is admitted, including anyone still being bridged. */
  get size(): number {
    return this.people.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  participants(): Participant[] {
    return [...this.people.values()];
  }

  participant(id: string): Participant | undefined {
    return this.people.get(id);
  }

  /** The most recent entrant other than `exceptId` (the admin's key 3). */
  lastEntered(exceptId: string): Participant | undefined {
    return this.participants().filter((p) => p.id !== exceptId).at(-1);
  }

  /**
   * Takes a caller in (synchronously, so two callers cannot both take the last place). The others
   * hear `announce.joined` (else the entry tone), and later `announce.left` (else the exit tone);
   * the caller never hears their own. Quiet mode plays neither.
   */
  admit(who: Omit<Participant, 'joinedAt'>, announce?: Announcements): Participant {
    if (this.closed) throw new Error('room session is closed');
    const joinedAt = this.now();
    const participant = { ...who, joinedAt };
    if (this.everJoined === 0) {
      this.firstJoinAt = joinedAt;
      this.emit('conference.started', { number: this.room.number, subject: this.room.subject, startedAt: joinedAt.toISOString() }, joinedAt);
      // Private rooms keep nothing (manual 4.3), whatever their options say.
      if (this.room.options.record && this.room.kind !== 'private') this.startRecording(joinedAt);
    }
    this.everJoined++;
    if (!this.room.options.quiet && this.people.size > 0) void this.mixer.playToAll(announce ? toFrames(announce.joined) : ENTRY_TONE(), who.id);
    if (announce) this.farewells.set(who.id, announce.left);
    this.people.set(who.id, participant);
    this.emit('conference.participant_joined', { ...this.ref(participant), joinedAt: joinedAt.toISOString() }, joinedAt);
    return participant;
  }

  /** The caller is out (hung up, removed, or the room ended); the last one out closes the session. */
  release(id: string): void {
    const participant = this.people.get(id);
    if (!participant) return;
    const farewell = this.farewells.get(id);
    this.people.delete(id);
    this.farewells.delete(id);
    this.mixer.remove(id);
    const leftAt = this.now();
    this.emit('conference.participant_left', { ...this.ref(participant), leftAt: leftAt.toISOString() }, leftAt);
    if (this.people.size === 0) this.close(leftAt);
    else if (!this.room.options.quiet) void this.mixer.playToAll(farewell ? toFrames(farewell) : EXIT_TONE(), id);
  }

  /** The window closed (or the node stops): everyone's bridge ends; their release closes the session. */
  end(): void {
    if (this.people.size === 0) this.close(this.now());
    else this.mixer.end();
  }

  live(): LiveRoom {
    const snapshots = new Map(this.mixer.members().map((m) => [m.id, m]));
    return {
      roomId: this.roomId, sessionId: this.sessionId, locked: this.mixer.locked,
      participants: this.participants().slice(0, 60).map((p) => {
        const m = snapshots.get(p.id);
        return {
          id: p.id, name: p.callerName, number: p.callerNumber, role: p.role, joinedAt: p.joinedAt.toISOString(),
          muted: m?.muted ?? false, talking: m?.talking ?? false, listenOnly: m?.listenOnly ?? false,
        };
      }),
    };
  }

  private close(at: Date): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.windowTimer);
    this.mixer.end();
    this.registry.forget(this);
    if (this.everJoined > 0) this.emit('conference.ended', { roomId: this.roomId, sessionId: this.sessionId, endedAt: at.toISOString(), participants: this.everJoined }, at);
    const keep = this.firstJoinAt !== undefined && at.getTime() - this.firstJoinAt.getTime() >= MIN_RECORDING_MS;
    this.registry.track(
      this.recording.then(async (writer) => {
        if (!writer) return;
        if (keep) await writer.finish();
        else await writer.abort();
      }),
    );
  }

  private startRecording(startedAt: Date): void {
    const metadata = { roomId: this.roomId, sessionId: this.sessionId };
    this.recording = this.options.spool.beginAudio({ kind: 'conference-recording', startedAt, metadata }).then(
      (writer) => {
        if (!this.closed) this.mixer.startRecording(writer);
        return writer;
      },
      (error: unknown) => {
        this.options.log.error('conference recording could not start', { roomId: this.roomId, error: String(error) });
        return null;
      },
    );
  }

  private ref(p: Participant) {
    return { roomId: this.roomId, sessionId: this.sessionId, participantId: p.id, callerNumber: p.callerNumber.slice(0, 80), callerName: p.callerName.slice(0, 120), role: p.role };
  }

  private emit(type: string, payload: Record<string, unknown>, at: Date): void {
    this.registry.event(type, type === 'conference.started' || type === 'conference.ended' ? { roomId: this.roomId, sessionId: this.sessionId, ...payload } : payload, at);
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }
}

/** The rooms running on this node, one mixer per room id, made at the first entry. */
export class RoomRegistry {
  private readonly rooms = new Map<string, RunningRoom>();
  private writes: Promise<void> = Promise.resolve();
  private lastAt = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: RoomRegistryOptions) {}

  /** The running session of this room, or a new one (with the lookup's options and window). */
  open(room: OpenRoom): RunningRoom {
    const running = this.rooms.get(room.roomId);
    if (running && !running.isClosed) return running;
    const created = new RunningRoom(room, this, this.options);
    this.rooms.set(room.roomId, created);
    return created;
  }

  get(roomId: string): RunningRoom | undefined {
    return this.rooms.get(roomId);
  }

  list(): RunningRoom[] {
    return [...this.rooms.values()];
  }

  /** Ends every room (the node is stopping). */
  endAll(): void {
    for (const room of this.list()) room.end();
  }

  /** Resolves once events and recordings handed over so far are in the spool. */
  async settled(): Promise<void> {
    await this.writes;
    await Promise.all([...this.pending]);
  }

  /** @internal RunningRoom's */
  forget(room: RunningRoom): void {
    if (this.rooms.get(room.roomId) === room) this.rooms.delete(room.roomId);
  }

  /** @internal RunningRoom's */
  track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.options.log.error('conference recording could not be finished', { error: String(error) }));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  /**
   * @internal RunningRoom's. Written one after another with strictly increasing times, so the
   * spool (which sends oldest first) keeps a session's started, joined, left, ended in order.
   */
  event(type: string, payload: Record<string, unknown>, at: Date): void {
    const occurredAt = new Date(Math.max(at.getTime(), this.lastAt + 1));
    this.lastAt = occurredAt.getTime();
    this.writes = this.writes
      .then(() => this.options.spool.putEvent({ type, payload, occurredAt }))
      .then(
        () => undefined,
        (error: unknown) => this.options.log.error('conference event could not be spooled', { type, error: String(error) }),
      );
  }
}
