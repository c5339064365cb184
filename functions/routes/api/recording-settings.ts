import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { RecordingSettingsInputSchema } from '../../services/call-recordings/recording-contract.js';
import { getRecordingSettings, saveRecordingSettings } from '../../services/call-recordings/recording-settings.js';
import { validate } from '../validate.js';
import { apiDoc } from './openapi-helpers.js';

const tags = ['Recordings'];
const Template = z.object({ subject: z.string(), body: z.string() });
const Settings = z
  .object({
    minDurationSeconds: z.number().int().meta({ description: 'Calls shorter than this are not kept' }),
    excludedUsers: z.array(z.object({ id: z.string(), fullName: z.string(), email: z.string() })).meta({ description: 'Users whose calls are not kept' }),
    discardIfAnyExcluded: z.boolean().meta({ description: 'Discard a call when any excluded user is on it; otherwise only when every extension on it is excluded' }),
    retentionDays: z.number().int().nullable().meta({ description: 'Recordings older than this are deleted; null keeps them' }),
    templates: z.object({ 'pt-BR': Template, en: Template, es: Template }).meta({ description: 'The recordings e-mail per language, with {date} {protocol} {from} {to}' }),
  })
  .meta({ id: 'RecordingSettings' });

/** The recorder's rules, retention and e-mail template (manual 5.3/5.4), mounted at /recordings/settings. */
export const recordingSettingsApi = new Hono<AppEnv>()
  .get('/', requirePermission('vrec', 'configure'), apiDoc({ summary: "The recorder's rules, retention and recordings e-mail template", tags, response: Settings }), async (c) => {
    return c.json(await getRecordingSettings(c.var.deps.db, auth(c).scope));
  })
  .put(
    '/',
    requirePermission('vrec', 'configure'),
    apiDoc({ summary: "Change the recorder's rules, retention or e-mail template (only the fields sent); media nodes pick the rules up at their next configuration poll", tags, response: Settings }),
    validate('json', RecordingSettingsInputSchema),
    async (c) => {
      const { db, now } = c.var.deps;
      await saveRecordingSettings(db, auth(c).scope, c.req.valid('json'), now());
      return c.json(await getRecordingSettings(db, auth(c).scope));
    },
  );
