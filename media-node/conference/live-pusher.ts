import type { ConferenceClient, LiveCommand } from '../central/conference-client.js';
import type { NodeLogger } from '../log.js';
import type { RoomRegistry } from './room-registry.js';

export interface LivePusherOptions {
  registry: RoomRegistry;
  client: Pick<ConferenceClient, 'pushLive'>;
  log: NodeLogger;
  intervalMs?: number;
}

export interface LivePusher {
  /** One push now (the timer's work); resolves once its commands were carried out. */
  pushOnce(): Promise<void>;
  stop(): void;
}

/**
 * Tells the central app every second which rooms run here and who is in them (who talks, who is
 * muted), and carries out the moderator commands the answer brings (mute, unmute, remove, lock,
 * unlock), acknowledging them in the next push. Quiet while no room runs, after one last push
 * that shows the rooms gone.
 */
export function startLivePusher(options: LivePusherOptions): LivePusher {
  const { registry, client, log } = options;
  let acked: string[] = [];
  let reportedRooms = false;
  let busy: Promise<void> | null = null;
  let stopped = false;

  async function push(): Promise<void> {
    const rooms = registry.list().map((room) => room.live());
    if (rooms.length === 0 && !reportedRooms && acked.length === 0) return;
    const sending = acked;
    let commands: LiveCommand[];
    try {
      commands = await client.pushLive({ rooms, acked: sending });
    } catch (error) {
      // Kept for the next push: the central app must hear which commands were carried out.
      log.warn('conference live push failed', { error: String(error) });
      return;
    }
    acked = acked.filter((id) => !sending.includes(id));
    reportedRooms = rooms.length > 0;
    for (const command of commands) {
      if (!acked.includes(command.id)) apply(command);
    }
  }

  function apply(command: LiveCommand): void {
    const room = registry.get(command.roomId);
    // A command for a room no longer running here has nothing left to do: acknowledged all the same.
    if (room) {
      const mixer = room.mixer;
      const id = command.participantId ?? '';
      if (command.action === 'mute') mixer.mute(id);
      else if (command.action === 'unmute') mixer.unmute(id);
      else if (command.action === 'remove') mixer.remove(id);
      else if (command.action === 'lock') mixer.lock();
      else mixer.unlock();
    }
    acked.push(command.id);
  }

  const pushOnce = () => (busy ??= push().finally(() => (busy = null)));
  const timer = setInterval(() => {
    if (!stopped && !busy) void pushOnce();
  }, options.intervalMs ?? 1000);
  timer.unref?.();

  return {
    pushOnce,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
