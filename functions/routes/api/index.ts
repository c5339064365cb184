import { Hono } from 'hono';
import { openAPIRouteHandler } from 'hono-openapi';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { requireApiAuth, requireNodeToken } from '../../middleware/auth.js';
import { auditApi } from './audit.js';
import { conferenceApi } from './conference.js';
import { groupsApi } from './groups.js';
import { jobsApi } from './jobs.js';
import { mailApi } from './mail.js';
import { meApi } from './me.js';
import { nodeApi } from './node.js';
import { webhookDocs } from './openapi-webhooks.js';
import { profilesApi } from './profiles.js';
import { recordingMaintenanceApi } from './recording-maintenance.js';
import { recordingsApi } from './recordings.js';
import { recordingSettingsApi } from './recording-settings.js';
import { sessionApi } from './session.js';
import { sitesApi } from './sites.js';
import { syncApi } from './sync.js';
import { tokensApi } from './tokens.js';
import { usersApi } from './users.js';
import { webhooksApi } from './webhooks.js';
import { voicemailApi } from './voicemail.js';

/** Routes reachable with a user's session or an integration token. */
const protectedApi = new Hono<AppEnv>()
  .use(requireApiAuth)
  .route('/me', meApi)
  .route('/users', usersApi)
  .route('/groups', groupsApi)
  .route('/profiles', profilesApi)
  .route('/sites', sitesApi)
  .route('/sites', syncApi)
  .route('/jobs', jobsApi)
  .route('/tokens', tokensApi)
  .route('/audit', auditApi)
  .route('/webhooks', webhooksApi)
  .route('/mail', mailApi)
  .route('/voicemail', voicemailApi)
  .route('/conference', conferenceApi)
  .route('/recordings/settings', recordingSettingsApi)
  .route('/recordings', recordingsApi)
  .route('/recordings-maintenance/:module', recordingMaintenanceApi);

const documented = new Hono<AppEnv>()
  .route('/session', sessionApi)
  .route('/node', new Hono<AppEnv>().use(requireNodeToken).route('/', nodeApi))
  .route('/', protectedApi);

export const apiRoutes = new Hono<AppEnv>()
  .get(
    '/openapi.json',
    openAPIRouteHandler(documented, {
      documentation: {
        info: {
          title: 'Ramal API',
          version: '1',
          description:
            'Every list takes q (search), sort (column key, "-" for descending), page, pageSize and format=csv|pdf. ' +
            'Errors answer { error: { code, message, requestId, fields } }.',
        },
        servers: [{ url: '/api/v1' }],
        // Built from the event catalogue; the type is OpenAPI's PathItem, checked by test/routes/openapi.test.ts.
        webhooks: webhookDocs() as never,
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'An API token (rml_…) created under Settings › API tokens' },
            session: { type: 'apiKey', in: 'cookie', name: 'ramal_session', description: 'Set by POST /session' },
          },
        },
      },
    }),
  )
  .route('/', documented)
  .all('*', () => {
    throw new ApiError('NOT_FOUND', 'no such API route');
  });
