import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobs } from '../../../schema/index.js';
import { type Harness, useHarness } from '../../helpers/harness.js';
import type { TestClient } from '../../helpers/test-client.js';
import { insertRecorded, runJobs } from '../../services/recording-maintenance/recordings-fixture.js';
import { matrixWithout, userWithMatrix } from './api-helpers.js';

let h: Harness;
let admin: TestClient;
useHarness((ready) => ({ h, admin } = ready));

const page = '/conference/maintenance';
const newest = async () => (await h.deps.db.select().from(jobs).orderBy(desc(jobs.createdAt)).limit(1))[0]!;

describe('the conference maintenance page', () => {
  it('shows the export and delete forms and the cannot-be-undone warning', async () => {
    const res = await admin.get(page);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`action="${page}/export"`);
    expect(html).toContain(`action="${page}/delete"`);
    expect(html).toContain('cannot be recovered');
  });

  it("exports a period of whole days on the site's clock, last day included", async () => {
    const res = await admin.form(`${page}/export`, { range: 'period', from: '2080-03-01', to: '2080-03-31', siteId: h.org.siteId, formats: ['wav', 'gsm'], target: 'zip' });
    expect(res.status).toBe(303);
    const job = await newest();
    // America/Sao_Paulo is UTC-3.
    expect(job.input).toMatchObject({ module: 'conference', siteId: h.org.siteId, from: '2080-03-01T03:00:00.000Z', to: '2080-04-01T03:00:00.000Z', formats: ['wav', 'gsm'], target: { kind: 'zip' } });
  });

  it('shows the form again naming the wrong fields, never echoing the secret', async () => {
    const res = await admin.form(`${page}/export`, { range: 'period', from: '2080-03-10', to: '2080-03-01', target: 'zip', formats: 'mp3' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The end must be after the start.');
    const bucket = await admin.form(`${page}/export`, { range: 'all', target: 'bucket', formats: 'mp3', 'target.endPoint': 's3.example.test', 'target.bucket': 'BAD', 'target.accessKey': 'ak', 'target.secretKey': 'hidden-secret' });
    const html = await bucket.text();
    expect(bucket.status).toBe(400);
    expect(html).toContain('id="e-x-bucket"');
    expect(html).not.toContain('hidden-secret');
  });

  it('refuses a delete without the confirmation box, and starts it with', async () => {
    const refused = await admin.form(`${page}/delete`, { range: 'all' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Tick the box to confirm.');
    expect((await admin.form(`${page}/delete`, { range: 'period', from: '2081-01-01', to: '2081-01-31', confirm: 'yes' })).status).toBe(303);
    expect((await newest()).kind).toBe('recordings-delete');
  });

  it('lists the jobs with progress and a stop button while they run, and the download link when done', async () => {
    await insertRecorded(h, { startedAt: new Date('2082-05-05T12:00:00Z') });
    await admin.form(`${page}/export`, { range: 'period', from: '2082-05-01', to: '2082-05-31', formats: 'mp3', target: 'zip' });
    const id = (await newest()).id;
    const running = await (await admin.get(page)).text();
    expect(running).toContain(`data-refresh="${page}/jobs/${id}"`);
    expect(running).toContain(`action="${page}/jobs/${id}/stop"`);
    await runJobs(h);
    const fragment = await (await admin.get(`${page}/jobs/${id}`)).text();
    expect(fragment).toContain('1 recordings exported');
    expect(fragment).toContain(`href="${page}/jobs/${id}/download"`);
    expect(fragment).not.toContain('<html');
    const zip = await admin.get(`${page}/jobs/${id}/download`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
  });

  it('stops a job from its button', async () => {
    await admin.form(`${page}/export`, { range: 'period', from: '2083-05-01', to: '2083-05-31', formats: 'mp3', target: 'zip' });
    const id = (await newest()).id;
    expect((await admin.form(`${page}/jobs/${id}/stop`, {})).status).toBe(303);
    expect((await h.deps.db.select().from(jobs).where(eq(jobs.id, id)))[0]!.status).toBe('stopped');
  });

  it('offers only the forms the profile allows, and refuses everyone else', async () => {
    const exporter = await userWithMatrix(h, matrixWithout('vconference', 'delete'));
    const html = await (await exporter.client.get(page)).text();
    expect(html).toContain(`action="${page}/export"`);
    expect(html).not.toContain(`action="${page}/delete"`);
    expect((await exporter.client.form(`${page}/delete`, { range: 'all', confirm: 'yes' })).status).toBe(403);
    const viewer = await userWithMatrix(h, { vconference: ['view'] });
    expect((await viewer.client.get(page)).status).toBe(403);
  });
});
