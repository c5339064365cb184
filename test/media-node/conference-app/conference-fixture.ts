/**
 * Runs the conference application over ScriptedMedia (labelled prompts, scripted keys) with a
 * fake central app and a fake spool, on a fast real tick source so rooms mix while tests watch.
 */
import type { CallContext, NodeConfig } from '../../../media-node/calls/call-application.js';
import type { Route } from '../../../media-node/calls/routing.js';
import type { PinCheckResult, RoomLookup } from '../../../media-node/central/conference-client.js';
import { conferenceApp } from '../../../media-node/apps/conference-room.js';
import { CentralError } from '../../../media-node/central/errors.js';
import type { TickSource } from '../../../media-node/conference/conference-mixer.js';
import { RoomRegistry, type OpenRoom } from '../../../media-node/conference/room-registry.js';
import { createCallSession, type CallSessionHandle } from '../../../media-node/ivr/session.js';
import { silentLogger } from '../../../media-node/log.js';
import type { AudioWriter, BeginAudioInput } from '../../../media-node/spool/audio-writer.js';
import { DEFAULT_OPTIONS } from '../../../functions/services/conference/room-schemas.js';
import { Labels, LabelledPrompts, ScriptedMedia, type Step } from '../voicemail/scripted-media.js';

export const PARTICIPANT_PIN = '1234';
export const ADMIN_PIN = '9999';

export function openRoom(overrides: Partial<Omit<OpenRoom, 'options'>> & { options?: Partial<OpenRoom['options']> } = {}): OpenRoom {
  const { options, ...rest } = overrides;
  return { state: 'open', roomId: 'room-1', kind: 'public', number: '42', subject: 'Weekly', maxParticipants: 50, endsAt: null, ...rest, options: { ...DEFAULT_OPTIONS, ...options } };
}

/** Calls every listener each `ms` (a 20 ms tick, faster, so tests do not wait). */
export class FastTicks implements TickSource {
  private readonly listeners = new Set<(tick: number) => void>();
  private timer: NodeJS.Timeout | undefined;
  private n = 0;
  constructor(private readonly ms = 4) {}
  register(listener: (tick: number) => void): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => {
      this.n++;
      for (const l of [...this.listeners]) l(this.n);
    }, this.ms);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }
}

export interface SpooledEvent {
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export interface RecordingItem {
  input: BeginAudioInput;
  frames: Int16Array[];
  state: 'recording' | 'finished' | 'aborted';
}

export interface Call {
  media: ScriptedMedia;
  session: CallSessionHandle;
  hangups: () => number;
  done: Promise<void>;
}

export interface WorldOptions {
  rooms?: Record<string, RoomLookup>;
  /** The central app's answer to any PIN check: locked out, or the room closed meanwhile (null). */
  pinLocked?: boolean;
  pinClosed?: boolean;
  /** Private-room PINs set already, by extension (the room answers that number). */
  privatePins?: Record<string, string>;
  /** The central app fails to save a private-room PIN: unreachable, or (404) no such extension. */
  privatePinFails?: 'unavailable' | 'no-extension';
  now?: () => Date;
}

/** A private room as the central app describes it (no window, no recording). */
export function privateRoom(extension: string): OpenRoom {
  return openRoom({ roomId: `private-${extension}`, kind: 'private', number: extension, subject: '' });
}

export class ConferenceWorld {
  readonly labels = new Labels();
  readonly ticks = new FastTicks();
  readonly events: SpooledEvent[] = [];
  readonly items: RecordingItem[] = [];
  readonly calls: string[] = [];
  readonly registry: RoomRegistry;
  private readonly rooms: Record<string, RoomLookup>;
  /** PINs of private rooms by extension, as set by phone. */
  readonly privatePins: Record<string, string>;
  private readonly live: Call[] = [];
  private n = 0;

  constructor(private readonly options: WorldOptions = {}) {
    this.rooms = { ...(options.rooms ?? { '42': openRoom() }) };
    this.privatePins = { ...options.privatePins };
    for (const extension of Object.keys(this.privatePins)) this.rooms[extension] ??= privateRoom(extension);
    const items = this.items;
    this.registry = new RoomRegistry({
      clock: this.ticks, log: silentLogger, now: options.now,
      spool: {
        putEvent: async (input) => {
          this.events.push({ type: input.type, payload: input.payload, occurredAt: new Date(input.occurredAt as Date) });
          return { id: String(this.events.length) };
        },
        async beginAudio(input): Promise<AudioWriter> {
          const item: RecordingItem = { input, frames: [], state: 'recording' };
          items.push(item);
          return {
            id: `item-${items.length}`,
            write: (frame) => void item.frames.push(frame as Int16Array),
            async finish() {
              item.state = 'finished';
              return { id: `item-${items.length}`, durationMs: item.frames.length * 20 };
            },
            async abort() {
              item.state = 'aborted';
            },
          };
        },
      },
    });
  }

  private readonly client = {
    room: async (number: string): Promise<RoomLookup | null> => {
      this.calls.push(`room ${number}`);
      return this.rooms[number] ?? null;
    },
    checkPin: async (number: string, pin: string, callerNumber: string): Promise<PinCheckResult | null> => {
      this.calls.push(`checkPin ${number} ${pin} ${callerNumber}`);
      if (this.options.pinClosed) return null;
      const locked = this.options.pinLocked ?? false;
      const room = this.rooms[number];
      if (room?.state === 'open' && room.kind === 'private') {
        // As the central app: the owner's own phone moderates, anyone else with the PIN takes part.
        const right = !locked && this.privatePins[number] === pin;
        return { role: right ? (callerNumber === number ? 'admin' : 'participant') : null, roomId: room.roomId, attemptsLeft: 3, locked, lockedUntil: null };
      }
      const role = locked ? null : pin === ADMIN_PIN ? 'admin' : pin === PARTICIPANT_PIN ? 'participant' : null;
      return { role, roomId: 'room-1', attemptsLeft: 3, locked, lockedUntil: null };
    },
    setPrivatePin: async (extension: string, pin: string): Promise<void> => {
      this.calls.push(`setPrivatePin ${extension} ${pin}`);
      if (this.options.privatePinFails === 'no-extension') throw new CentralError('HTTP', 'PUT answered 404', 404);
      if (this.options.privatePinFails) throw new CentralError('NETWORK', 'central app unreachable');
      this.privatePins[extension] = pin;
      this.rooms[extension] ??= privateRoom(extension);
    },
  };

  /** Starts one caller's call; `done` resolves when the application returned. */
  call(route: Route, steps: Step[], from: { user: string; displayName?: string } = { user: `300${++this.n}`, displayName: `Caller ${this.n}` }): Call {
    let hangups = 0;
    let end: (reason: string) => void = () => {};
    const media = new ScriptedMedia(this.labels, [...steps], () => end('caller hung up'));
    const session = createCallSession({
      id: `call-${this.n}`, language: 'en', siteLanguage: 'en', timeZone: 'America/Sao_Paulo', media, prompts: new LabelledPrompts(this.labels), log: silentLogger,
      onHangup: async () => {
        hangups++;
        media.close();
      },
    });
    end = (reason) => session.end(reason);
    const context = { call: { from, callId: `cid-${this.n}` }, media: {}, session, route, config: {} as NodeConfig, log: silentLogger } as unknown as CallContext;
    const done = conferenceApp({ client: this.client, registry: this.registry }).run(context).finally(() => media.close());
    const call = { media, session, hangups: () => hangups, done };
    this.live.push(call);
    return call;
  }

  /** A caller who dials 1006 + room and enters `pin`, then stays. */
  join(pin: string, room = '42', from?: { user: string; displayName?: string }): Call {
    return this.call({ app: 'conference', room }, [{ when: 'conference-enter-pin', press: `${pin}#` }], from);
  }

  async dispose(): Promise<void> {
    for (const call of this.live) call.media.hangUp();
    await Promise.all(this.live.map((c) => c.done));
    await this.registry.settled();
  }
}

/** What a caller heard, without the conference's silence. */
export function heard(media: ScriptedMedia): string[] {
  return media.played.filter((label) => label !== 'unknown:0');
}

export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
