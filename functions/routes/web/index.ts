import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { requireUser } from '../../middleware/auth.js';
import { accountPages } from './account.js';
import { auditPages } from './audit.js';
import { dashboardPages } from './dashboard.js';
import { groupPages } from './groups.js';
import { jobPages } from './jobs.js';
import { voicemailPages } from './voicemail.js';
import { conferencePages } from './conference.js';
import { mailPages } from './mail.js';
import { profilePages } from './profiles.js';
import { recordingMaintenancePages } from './recording-maintenance.js';
import { recordingSettingsPages } from './recording-settings.js';
import { recordingPages } from './recordings.js';
import { sessionPages } from './session.js';
import { sitePages } from './sites.js';
import { syncPages } from './sync.js';
import { tokenPages } from './tokens.js';
import { userPages } from './users.js';
import { webhookPages } from './webhooks.js';

const signedIn = new Hono<AppEnv>()
  .use(requireUser)
  .route('/', dashboardPages)
  .route('/', accountPages)
  .route('/', userPages)
  .route('/', groupPages)
  .route('/', profilePages)
  .route('/', sitePages)
  .route('/', tokenPages)
  .route('/', auditPages)
  .route('/', syncPages)
  .route('/', webhookPages)
  .route('/', mailPages)
  .route('/', jobPages)
  .route('/', voicemailPages)
  // Before the recordings pages, whose /recordings/:id would take /recordings/settings.
  .route('/', recordingSettingsPages)
  // Before the conference pages, whose /conference/:id would take /conference/maintenance.
  .route('/', recordingMaintenancePages)
  .route('/', conferencePages)
  // Last: its /recordings/:id would take /recordings/maintenance and /recordings/settings.
  .route('/', recordingPages);

export const webRoutes = new Hono<AppEnv>().route('/', sessionPages).route('/', signedIn);
