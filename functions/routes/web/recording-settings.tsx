import { Hono, type Context } from 'hono';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppEnv } from '../../app-env.js';
import { users } from '../../../schema/index.js';
import type { FieldError } from '../../errors.js';
import { LANGUAGES } from '../../i18n/index.js';
import { auth, requirePermission } from '../../middleware/auth.js';
import { RecordingSettingsInputSchema, type RecordingSettingsView } from '../../services/call-recordings/recording-contract.js';
import { getRecordingSettings, saveRecordingSettings } from '../../services/call-recordings/recording-settings.js';
import { inviteeCandidates } from '../../services/conference/invitee-search.js';
import { errorsByField } from '../../views/form.js';
import { RecordingSettingsPage, type ListedUser, type RecordingSettingsFormValues } from '../../views/pages/recordings-settings-page.js';
import { doneRedirect } from './flash.js';
import { pageContext } from './page-context.js';
import { attempt, checkForm, formBody } from './read-form.js';

const text = (form: Record<string, unknown>, key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');
const listed = (u: { id: string; fullName: string; email: string }): ListedUser => ({ id: u.id, label: [u.fullName, u.email].filter(Boolean).join(' · ') });

function storedValues(s: RecordingSettingsView): RecordingSettingsFormValues {
  return {
    minDurationSeconds: String(s.minDurationSeconds), excludedUsers: s.excludedUsers.map(listed), discardIfAnyExcluded: s.discardIfAnyExcluded,
    retentionOn: s.retentionDays !== null, retentionDays: s.retentionDays === null ? '' : String(s.retentionDays), templates: s.templates, userSearch: '',
  };
}

/** The ticked users of this organization in the order shown; unknown ids are left for the service to refuse. */
async function usersByIds(c: Context<AppEnv>, ids: string[]): Promise<ListedUser[]> {
  const byId = new Map<string, ListedUser>();
  for (let i = 0; i < ids.length; i += 50) {
    const rows = await c.var.deps.db.select({ id: users.id, fullName: users.fullName, email: users.email }).from(users)
      .where(and(eq(users.orgId, auth(c).scope.orgId), inArray(users.id, ids.slice(i, i + 50))));
    for (const u of rows) byId.set(u.id, listed(u));
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function readForm(c: Context<AppEnv>) {
  const form = await formBody(c, ['excludedUserIds']);
  const ids = [...new Set((form.excludedUserIds as unknown[]).filter((x): x is string => typeof x === 'string' && x !== ''))];
  const values: RecordingSettingsFormValues = {
    minDurationSeconds: text(form, 'minDurationSeconds').trim(), excludedUsers: await usersByIds(c, ids), discardIfAnyExcluded: text(form, 'discardIfAnyExcluded') === 'on',
    retentionOn: text(form, 'retention') === 'on', retentionDays: text(form, 'retentionDays').trim(), userSearch: text(form, 'userSearch').trim(),
    templates: Object.fromEntries(LANGUAGES.map((l) => [l, { subject: text(form, `templates.${l}.subject`), body: text(form, `templates.${l}.body`).replace(/\r\n/g, '\n') }])) as RecordingSettingsFormValues['templates'],
  };
  // A language whose fields were not posted keeps its template.
  const posted = LANGUAGES.filter((l) => typeof form[`templates.${l}.subject`] === 'string');
  const input = {
    minDurationSeconds: values.minDurationSeconds, excludedUserIds: ids, discardIfAnyExcluded: values.discardIfAnyExcluded,
    retentionDays: values.retentionOn ? values.retentionDays : null, templates: Object.fromEntries(posted.map((l) => [l, values.templates[l]])),
  };
  // Enter in any box presses the form's first button, Search; with nothing to search the only
  // thing the user can mean is Save.
  return { values, input, searching: text(form, 'action') === 'search' && values.userSearch !== '' };
}

async function render(c: Context<AppEnv>, values: RecordingSettingsFormValues | null, fields: FieldError[], found: ListedUser[] | null = null) {
  const v = await pageContext(c);
  const { scope } = auth(c);
  const shown = values ?? storedValues(await getRecordingSettings(c.var.deps.db, scope));
  // Any problem with one of the listed users is the list's.
  const errors = errorsByField(v, fields.map((f) => (f.field.startsWith('excludedUserIds.') ? { ...f, field: 'excludedUserIds' } : f)));
  return c.html(<RecordingSettingsPage v={v} values={shown} errors={errors} found={found} readOnly={scope.siteIds !== null} />, fields.length ? 400 : 200);
}

/** v-rec's settings (manual 5.4 rules, retention, and the 5.3 e-mail template): one page, one save. */
export const recordingSettingsPages = new Hono<AppEnv>()
  .use('/recordings/settings', requirePermission('vrec', 'configure'))
  .get('/recordings/settings', (c) => render(c, null, []))
  .post('/recordings/settings', async (c) => {
    const { values, input, searching } = await readForm(c);
    if (searching) {
      const chosen = new Set(values.excludedUsers.map((u) => u.id));
      const found = (await inviteeCandidates(c.var.deps.db, auth(c).scope, values.userSearch)).filter((u) => !chosen.has(u.id)).map(listed);
      return render(c, values, [], found);
    }
    const checked = checkForm(c, RecordingSettingsInputSchema, input);
    const saved = checked.ok ? await attempt(() => saveRecordingSettings(c.var.deps.db, auth(c).scope, checked.data, c.var.deps.now())) : checked;
    if (!saved.ok) return render(c, { ...values, userSearch: '' }, saved.fields);
    return doneRedirect(c, '/recordings/settings', 'flash.saved');
  });
