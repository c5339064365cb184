import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { pushLive } from '../../services/conference/live-state.js';
import {
  LiveAnswerSchema, LivePushSchema, PinCheckResultSchema, PinCheckSchema, PrivatePinSchema, RoomLookupSchema, RoomNumberParam,
} from '../../services/conference/node-conference-contract.js';
import { checkRoomPin, lookupRoom, setPrivatePin } from '../../services/conference/node-rooms.js';
import { validate } from '../validate.js';
import { nodeSite } from './node-site.js';
import { apiDoc } from './openapi-helpers.js';

const tags = ['media node'];
const ExtensionParam = z.object({ extension: z.string().min(1).max(40) });

/** The media node's side of v-conference (services/conference/node-conference-contract.ts), scoped to its site. */
export const nodeConferenceApi = new Hono<AppEnv>()
  .get('/rooms/:number', apiDoc({ summary: "The room a caller dialling this number reaches now: 'open' with its options, or 'closed' with the next window; 404 when no room has the number", tags, response: RoomLookupSchema }), validate('param', RoomNumberParam), async (c) => {
    return c.json(await lookupRoom(c.var.deps.db, nodeSite(c), c.req.valid('param').number, c.var.deps.now()));
  })
  .post(
    '/rooms/:number/pin',
    apiDoc({ summary: 'Checks a PIN typed into the open room: the role it gives, or null; 5 wrong PINs lock the caller number out of the room for 15 minutes (409 when the room is closed)', tags, response: PinCheckResultSchema }),
    validate('param', RoomNumberParam),
    validate('json', PinCheckSchema),
    async (c) => {
      const { pin, callerNumber } = c.req.valid('json');
      return c.json(await checkRoomPin(c.var.deps, nodeSite(c), c.req.valid('param').number, pin, callerNumber));
    },
  )
  .put('/private-rooms/:extension/pin', apiDoc({ summary: "Sets an extension's private room PIN by phone (makes the room on first use); 404 for an extension the site does not have", tags }), validate('param', ExtensionParam), validate('json', PrivatePinSchema), async (c) => {
    await setPrivatePin(c.var.deps, nodeSite(c), c.req.valid('param').extension, c.req.valid('json').pin);
    return c.body(null, 204);
  })
  .put('/live', apiDoc({ summary: 'The running rooms of the site, every second; acks executed commands and answers the pending ones', tags, response: LiveAnswerSchema }), validate('json', LivePushSchema), async (c) => {
    return c.json(await pushLive(c.var.deps.db, nodeSite(c), c.req.valid('json'), c.var.deps.now()));
  });
