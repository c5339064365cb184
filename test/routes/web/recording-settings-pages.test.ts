import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordingSettings } from '../../../schema/index.js';
import { defaultRecordingMailTemplates } from '../../../functions/services/call-recordings/recording-mail-template.js';
import { createSite } from '../../../functions/services/sites/site-service.js';
import { SiteSchema } from '../../../functions/services/sites/site-schemas.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { FULL_MATRIX, jsonOf, matrixWithout, userWithMatrix } from '../api/api-helpers.js';

let h: Harness;
let admin: TestClient;
let bea: string;
useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  bea = await h.addUser({ email: 'bea.excluded@example.test', fullName: 'Beatriz Excluída' });
});

const PAGE = '/recordings/settings';
const stored = async () => (await h.deps.db.select().from(recordingSettings).where(eq(recordingSettings.orgId, h.org.orgId)))[0];

/** What the page posts when nothing is changed from the defaults, plus the changes. */
function form(changes: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { minDurationSeconds: '0', retention: 'off', retentionDays: '', userSearch: '', action: 'search' };
  for (const [lang, t] of Object.entries(defaultRecordingMailTemplates())) Object.assign(out, { [`templates.${lang}.subject`]: t.subject, [`templates.${lang}.body`]: t.body });
  return { ...out, ...changes };
}

/** The text of the field error shown under the control `field`, or null. */
function fieldError(html: string, field: string): string | null {
  const m = new RegExp(`id="e-${field.replace(/\./g, '\\.')}">([^<]*)<`).exec(html);
  return m ? m[1]! : null;
}

describe('recording settings page', () => {
  it('renders the defaults: no minimum, nobody excluded, kept for ever, the built-in template with its insert-field buttons', async () => {
    const res = await admin.get(PAGE);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/id="f-minDurationSeconds"[^>]*value="0"/);
    expect(html).toMatch(/id="f-retention-off"[^>]*checked/);
    expect(html).not.toMatch(/name="excludedUserIds"/);
    expect(html).toContain(`value="${defaultRecordingMailTemplates().en.subject}"`);
    for (const f of ['{date}', '{protocol}', '{from}', '{to}']) expect(html).toContain(`<option value="${f}">`);
    expect(html).toContain('data-vm-insert-into="f-templates.pt-BR.body"');
  });

  it('saves every rule and the template, and shows them again', async () => {
    const res = await admin.form(PAGE, form({
      minDurationSeconds: '15', excludedUserIds: [bea], discardIfAnyExcluded: 'on', retention: 'on', retentionDays: '90',
      'templates.en.subject': 'Call {protocol} on {date}', action: 'save',
    }));
    expect(res.status, await res.clone().text()).toBe(303);
    expect(await stored()).toMatchObject({ minDurationSeconds: 15, excludedUserIds: [bea], discardIfAnyExcluded: true, retentionDays: 90 });
    expect((await stored())!.templates.en!.subject).toBe('Call {protocol} on {date}');
    const html = await (await admin.get(PAGE)).text();
    expect(html).toMatch(/id="f-minDurationSeconds"[^>]*value="15"/);
    expect(html).toMatch(new RegExp(`name="excludedUserIds" value="${bea}" checked`));
    expect(html).toContain('Beatriz Excluída');
    expect(html).toMatch(/id="f-retention-on"[^>]*checked/);
    expect(html).toMatch(/id="f-discardIfAnyExcluded"[^>]*checked/);
    expect(html).toContain('value="Call {protocol} on {date}"');
  });

  it('searching keeps what was typed and offers the people found, unticked', async () => {
    const res = await admin.form(PAGE, form({ minDurationSeconds: '42', userSearch: 'beatriz', action: 'search' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/id="f-minDurationSeconds"[^>]*value="42"/);
    expect(html).toMatch(new RegExp(`id="f-found-0" name="excludedUserIds" value="${bea}"(?! checked)`));
    expect((await stored())!.minDurationSeconds).toBe(15);
  });

  it('Enter in a field (the first button, Search, with nothing to search) saves', async () => {
    const res = await admin.form(PAGE, form({ minDurationSeconds: '20', excludedUserIds: [bea], action: 'search', userSearch: '' }));
    expect(res.status).toBe(303);
    expect((await stored())!.minDurationSeconds).toBe(20);
  });

  it('unticking a listed user takes them off the list and turning retention off keeps recordings for ever', async () => {
    expect((await admin.form(PAGE, form({ action: 'save' }))).status).toBe(303);
    expect(await stored()).toMatchObject({ excludedUserIds: [], retentionDays: null, discardIfAnyExcluded: false });
  });

  it('shows each refusal under its own field and keeps the rest as typed', async () => {
    const res = await admin.form(PAGE, form({ minDurationSeconds: '-1', retention: 'on', retentionDays: '', 'templates.es.subject': 'Sala {room}', action: 'save' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, 'minDurationSeconds')).toBe('Enter whole seconds from 0 to 3600.');
    expect(fieldError(html, 'retentionDays')).toContain('1 to 36500');
    expect(html).toContain('value="Sala {room}"');
    expect(html).toContain('class="error-summary"');
    // The service's own refusal (an unknown placeholder) is named at its field once the form is otherwise valid.
    const template = await admin.form(PAGE, form({ 'templates.es.subject': 'Sala {room}', action: 'save' }));
    expect(template.status).toBe(400);
    expect(fieldError(await template.text(), 'templates.es.subject')).toBe('Use only the fields {date} {protocol} {from} {to}.');
    expect((await stored())!.templates.es?.subject).not.toBe('Sala {room}');
  });

  it("refuses a user of another organization on the list, at the list", async () => {
    const other = await h.addOrganization('Foreign rec', 'foreign-rec@example.test');
    const stranger = await h.addUser({ email: 'stranger-rec@example.test' }, other.orgId);
    const res = await admin.form(PAGE, form({ excludedUserIds: [stranger], action: 'save' }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-excludedUserIds"[^>]*>[\s\S]*One of the chosen users no longer exists/);
    expect((await stored())!.excludedUserIds).toEqual([]);
  });

  it('is refused (403) without vrec.configure, and nothing is saved', async () => {
    const u = await userWithMatrix(h, matrixWithout('vrec', 'configure'));
    expect((await u.client.get(PAGE)).status).toBe(403);
    expect((await u.client.form(PAGE, form({ minDurationSeconds: '99', action: 'save' }))).status).toBe(403);
    expect((await stored())!.minDurationSeconds).not.toBe(99);
  });

  it('shows an administrator of some sites the rules read-only', async () => {
    const branch = await createSite(h.deps.db, h.scope(), SiteSchema.parse({ name: 'Rec branch', timeZone: 'UTC' }), h.deps.now());
    const limited = await userWithMatrix(h, FULL_MATRIX);
    await jsonOf(await admin.json('PATCH', `/api/v1/users/${limited.id}`, { siteIds: [branch] }));
    const html = await (await limited.client.get(PAGE)).text();
    expect(html).toMatch(/<fieldset class="form-body" disabled/);
    expect(html).not.toContain('type="submit" class="button primary"');
  });
});

describe('recording settings page, partial posts', () => {
  it('a post without some languages leaves their templates as they were', async () => {
    const before = (await stored())!.templates['pt-BR'];
    const res = await admin.form(PAGE, { minDurationSeconds: '5', retention: 'off', action: 'save', 'templates.en.subject': 'Only {date}', 'templates.en.body': 'Body' });
    expect(res.status).toBe(303);
    expect((await stored())!.templates.en?.subject).toBe('Only {date}');
    expect((await stored())!.templates['pt-BR']).toEqual(before);
  });
});
