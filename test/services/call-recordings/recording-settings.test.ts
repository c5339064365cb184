import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../schema/index.js';
import { RecordingSettingsInputSchema, type RecordingSettingsInput } from '../../../functions/services/call-recordings/recording-contract.js';
import { defaultRecordingMailTemplates, recordingMailTemplate } from '../../../functions/services/call-recordings/recording-mail-template.js';
import { getRecordingSettings, saveRecordingSettings } from '../../../functions/services/call-recordings/recording-settings.js';
import { ApiError } from '../../../functions/errors.js';
import { createHarness, type Harness } from '../../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const save = (input: RecordingSettingsInput, scope = h.scope()) => saveRecordingSettings(h.deps.db, scope, RecordingSettingsInputSchema.parse(input), new Date());

/** The ApiError a call throws (the test fails when it throws nothing or something else). */
async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('recording settings', () => {
  it('are the defaults before anything is saved', async () => {
    expect(await getRecordingSettings(h.deps.db, h.scope())).toEqual({
      minDurationSeconds: 0, excludedUsers: [], discardIfAnyExcluded: false, retentionDays: null, templates: defaultRecordingMailTemplates(),
    });
  });

  it('change only the fields given, and audit the change', async () => {
    const userId = await h.addUser({ email: 'excluded@example.test', fullName: 'Excluded Person' });
    await save({ minDurationSeconds: 15, excludedUserIds: [userId, userId], discardIfAnyExcluded: true });
    await save({ retentionDays: 90 });
    const view = await getRecordingSettings(h.deps.db, h.scope());
    expect(view).toMatchObject({ minDurationSeconds: 15, discardIfAnyExcluded: true, retentionDays: 90, excludedUsers: [{ id: userId, fullName: 'Excluded Person', email: 'excluded@example.test' }] });
    const audits = await h.deps.db.select().from(auditLog).where(and(eq(auditLog.orgId, h.org.orgId), eq(auditLog.entityType, 'recordingSettings')));
    expect(audits.map((a) => a.summary).sort()).toEqual(['minDurationSeconds, discardIfAnyExcluded, excludedUserIds', 'retentionDays']);
    await save({ retentionDays: null });
    expect((await getRecordingSettings(h.deps.db, h.scope())).retentionDays).toBeNull();
  });

  it('keep a language\'s own template and the built-in one for the others; the e-mail uses it', async () => {
    await save({ templates: { en: { subject: 'Call {protocol} on {date}', body: '{from} called {to}' } } });
    const view = await getRecordingSettings(h.deps.db, h.scope());
    expect(view.templates.en).toEqual({ subject: 'Call {protocol} on {date}', body: '{from} called {to}' });
    expect(view.templates['pt-BR']).toEqual(defaultRecordingMailTemplates()['pt-BR']);
    expect((await recordingMailTemplate(h.deps.db, h.org.orgId, 'en')).subject).toBe('Call {protocol} on {date}');
    await save({ templates: { es: { subject: 'Llamada {protocol}', body: '{from}' } } });
    expect((await getRecordingSettings(h.deps.db, h.scope())).templates.en.subject).toBe('Call {protocol} on {date}');
  });

  it('refuse a user of another organization, naming excludedUserIds', async () => {
    const other = await h.addOrganization('Other', 'other-admin@example.test');
    const foreign = await h.addUser({ email: 'foreign@example.test' }, other.orgId);
    const err = await refusal(save({ excludedUserIds: [foreign] }));
    expect(err.code).toBe('VALIDATION');
    expect(err.fields?.map((f) => f.field)).toEqual(['excludedUserIds']);
  });

  it('refuse a placeholder other than {date} {protocol} {from} {to}, naming the template field', async () => {
    const err = await refusal(save({ templates: { 'pt-BR': { subject: 'Gravação {protocol}', body: 'Sala {room}' } } }));
    expect(err.fields?.map((f) => f.field)).toEqual(['templates.pt-BR.body']);
    expect((await getRecordingSettings(h.deps.db, h.scope())).templates['pt-BR']).toEqual(defaultRecordingMailTemplates()['pt-BR']);
  });

  it('are read but not changed by a site-limited administrator', async () => {
    const limited = { ...h.scope(), siteIds: [h.org.siteId] };
    const before = await getRecordingSettings(h.deps.db, limited);
    expect((await refusal(save({ minDurationSeconds: 1 }, limited))).code).toBe('FORBIDDEN');
    expect(await getRecordingSettings(h.deps.db, h.scope())).toEqual(before);
  });
});
