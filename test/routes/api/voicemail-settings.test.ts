import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mailboxes, users, voicemailProfiles } from '../../../schema/index.js';
import { verifyPassword } from '../../../functions/services/auth/password.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { voicemailWorld } from '../../services/voicemail/inbox-fixture.js';
import { expectError, jsonOf, refusedFields } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
let w: Awaited<ReturnType<typeof voicemailWorld>>;

useHarness((ready) => ({ h, admin } = ready));
beforeAll(async () => {
  w = await voicemailWorld(h);
});

describe('voicemail settings', () => {
  it('starts with the manual defaults: 100 messages, 180 s, a template per language', async () => {
    const body = await jsonOf(await admin.get('/api/v1/voicemail/settings'));
    expect(body.limits).toEqual([{ siteId: h.org.siteId, siteName: 'Head office', maxMessages: 100, maxSeconds: 180 }]);
    expect(Object.keys(body.templates).sort()).toEqual(['en', 'es', 'pt-BR']);
    expect(body.templates.en.subject).toContain('{protocol}');
  });

  it('saves limits, the default profile and a template', async () => {
    const body = await jsonOf(
      await admin.json('PUT', '/api/v1/voicemail/settings', {
        limits: [{ siteId: h.org.siteId, maxMessages: 50, maxSeconds: 120 }],
        defaultProfile: { mainAction: 'email', attachmentFormat: 'wav', hearDetails: false, alternateEmailEnabled: true },
        templates: { en: { subject: 'Message {protocol} from {from}', body: 'On {date} for {to}: {reason}' } },
      }),
    );
    expect(body.limits[0]).toMatchObject({ maxMessages: 50, maxSeconds: 120 });
    expect(body.defaultProfile).toEqual({ mainAction: 'email', attachmentFormat: 'wav', hearDetails: false, alternateEmailEnabled: true });
    expect(body.templates.en.subject).toBe('Message {protocol} from {from}');
    expect(body.templates['pt-BR'].subject).toContain('{protocol}');
  });

  it('refuses a template field the manual does not list, naming the field', async () => {
    expect(await refusedFields(await admin.json('PUT', '/api/v1/voicemail/settings', { templates: { en: { subject: 'Hi {name}', body: 'ok' } } }))).toEqual(['templates.en.subject']);
  });

  it('refuses limits out of range, naming each', async () => {
    const fields = await refusedFields(await admin.json('PUT', '/api/v1/voicemail/settings', { limits: [{ siteId: h.org.siteId, maxMessages: 0, maxSeconds: 5000 }] }));
    expect(fields.sort()).toEqual(['limits.0.maxMessages', 'limits.0.maxSeconds']);
  });

  it("answers 404 for another organization's site", async () => {
    await expectError(await admin.json('PUT', '/api/v1/voicemail/settings', { limits: [{ siteId: w.other.siteId, maxMessages: 10, maxSeconds: 60 }] }), 404);
  });

  it('refuses users without vmailer.configure (403)', async () => {
    await expectError(await w.alice.client.get('/api/v1/voicemail/settings'), 403, 'FORBIDDEN');
  });

  it('applies the default profile to every user of the organization', async () => {
    await admin.json('PUT', '/api/v1/voicemail/settings', { defaultProfile: { mainAction: 'none', attachmentFormat: 'gsm', hearDetails: true, alternateEmailEnabled: false } });
    const { updated } = await jsonOf(await admin.json('POST', '/api/v1/voicemail/settings/apply-default-profile', {}));
    expect(updated).toBe(await h.deps.db.$count(users, eq(users.orgId, h.org.orgId)));
    const [bob] = await h.deps.db.select().from(voicemailProfiles).where(eq(voicemailProfiles.userId, w.bob.id));
    expect(bob).toMatchObject({ mainAction: 'none', attachmentFormat: 'gsm' });
  });
});

describe('own voicemail profile and PIN', () => {
  it('saves the profile and the alternate e-mail', async () => {
    const body = await jsonOf(await w.alice.client.json('PUT', '/api/v1/voicemail/profile', { mainAction: 'email-attachment', attachmentFormat: 'mp3', alternateEmailEnabled: true, alternateEmail: 'Alice.Home@Example.test' }));
    expect(body).toMatchObject({ mainAction: 'email-attachment', attachmentFormat: 'mp3', alternateEmailEnabled: true, alternateEmail: 'alice.home@example.test', mailboxes: [{ extension: '2001' }] });
  });

  it('sets the PIN of the mailbox of each of the user’s extensions', async () => {
    await jsonOf(await w.bob.client.json('PUT', '/api/v1/voicemail/profile', { pin: '4826' }));
    const [box] = await h.deps.db.select().from(mailboxes).where(and(eq(mailboxes.siteId, h.org.siteId), eq(mailboxes.extension, '2002')));
    expect(box?.pinHash).toBeTruthy();
    expect(await verifyPassword(h.deps.kdf, '4826', box!.pinHash!)).toBe(true);
    expect(await verifyPassword(h.deps.kdf, '0000', box!.pinHash!)).toBe(false);
  });

  it('refuses a PIN that is not 4 to 10 digits, naming pin', async () => {
    expect(await refusedFields(await w.bob.client.json('PUT', '/api/v1/voicemail/profile', { pin: '12a' }))).toEqual(['pin']);
  });

  it('refuses an API token (403): a token has no profile of its own', async () => {
    const { secret } = await jsonOf(await admin.json('POST', '/api/v1/tokens', { name: 'crm', kind: 'integration' }), 201);
    const robot = h.client();
    robot.bearer = secret;
    await expectError(await robot.get('/api/v1/voicemail/profile'), 403, 'FORBIDDEN');
  });
});
