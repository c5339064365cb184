import {
  LiveAnswerSchema, PinCheckResultSchema, RoomLookupSchema,
  type LiveAnswer, type LiveCommand, type LivePush, type PinCheckResult, type RoomLookup,
} from '../../functions/services/conference/node-conference-contract.js';
import type { CentralClient } from './client.js';

export type { LiveAnswer, LiveCommand, LivePush, PinCheckResult, RoomLookup };

/**
 * The node's half of the conference contract (functions/services/conference/node-conference-contract.ts):
 * which room a dialled number reaches, PIN checks, private-room PINs, and the live state push that
 * brings back the web's moderator commands. History goes as conference.* events through the spool.
 */
export function createConferenceClient(central: CentralClient) {
  const room = (number: string) => `conference/rooms/${encodeURIComponent(number)}`;
  return {
    /** Null when no room has this number on the site (the central app answers 404). */
    async room(number: string): Promise<RoomLookup | null> {
      const res = await central.request('GET', room(number), { okStatuses: [404], retries: 1 });
      if (res.status === 404) {
        await res.arrayBuffer().catch(() => undefined);
        return null;
      }
      return central.jsonOf(res, RoomLookupSchema);
    },
    /** Null when the room closed between the lookup and the PIN (409). */
    async checkPin(number: string, pin: string, callerNumber: string): Promise<PinCheckResult | null> {
      const res = await central.request('POST', `${room(number)}/pin`, { json: { pin, callerNumber }, okStatuses: [409], retries: 1 });
      if (res.status === 409) {
        await res.arrayBuffer().catch(() => undefined);
        return null;
      }
      return central.jsonOf(res, PinCheckResultSchema);
    },
    async setPrivatePin(extension: string, pin: string): Promise<void> {
      await (await central.request('PUT', `conference/private-rooms/${encodeURIComponent(extension)}/pin`, { json: { pin }, retries: 1 })).arrayBuffer();
    },
    /** Every second while rooms run; no retries: the next second's push carries newer state anyway. */
    async pushLive(push: LivePush): Promise<LiveCommand[]> {
      return (await central.jsonOf(await central.request('PUT', 'conference/live', { json: push, retries: 0 }), LiveAnswerSchema)).commands;
    },
  };
}

export type ConferenceClient = ReturnType<typeof createConferenceClient>;
