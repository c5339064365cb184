import { createClient } from '@libsql/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldSqlStatements, foldText, globPattern } from '../../../functions/services/table/fold.js';
import { createHarness, type Harness } from '../../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const NAMES = ['João Araújo', 'ÚRSULA Núñez', 'Ângela Érica', 'Çécile Öberg', 'Zoë Ñandú', 'plain ascii'];

describe('folding', () => {
  it('drops accents and case', () => {
    expect(NAMES.map(foldText)).toEqual(['joao araujo', 'ursula nunez', 'angela erica', 'cecile oberg', 'zoe nandu', 'plain ascii']);
  });

  it('folds stored text in a migration exactly as the app folds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ramal-fold-'));
    const client = createClient({ url: `file:${join(dir, 'fold.db')}` });
    try {
      await client.execute('create table t (id integer primary key, s text)');
      for (const name of NAMES) await client.execute({ sql: 'insert into t (s) values (?)', args: [name] });
      for (const statement of foldSqlStatements('t', 's')) await client.execute(statement);
      const rows = await client.execute('select s from t order by id');
      expect(rows.rows.map((r) => r.s)).toEqual(NAMES.map(foldText));
    } finally {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds GLOB patterns that take wildcards in the word literally', () => {
    expect(globPattern('a*b?')).toBe('*[aáàâãäåAÁÀÂÃÄÅ][*][bB][?]*');
  });
});

describe('the search box ignores accents and case', () => {
  it('finds users by name typed without accents, or with other capitals', async () => {
    const admin = await h.admin();
    for (const name of ['João Araújo', 'Úrsula Núñez']) await h.addUser({ email: `${foldText(name).replace(' ', '.')}@example.test`, fullName: name });
    const names = async (q: string) => ((await (await admin.get(`/api/v1/users?q=${encodeURIComponent(q)}`)).json()).items as { fullName: string }[]).map((u) => u.fullName);
    expect(await names('joao')).toEqual(['João Araújo']);
    expect(await names('ARAUJO')).toEqual(['João Araújo']);
    expect(await names('úrsula')).toEqual(['Úrsula Núñez']);
    expect(await names('nunez ursula')).toEqual(['Úrsula Núñez']);
    expect(await names('joão úrsula')).toEqual([]);
  });

  it('finds a user after a rename by the new name only', async () => {
    const admin = await h.admin();
    const id = await h.addUser({ email: 'rename@example.test', fullName: 'Old Name' });
    await admin.json('PATCH', `/api/v1/users/${id}`, { fullName: 'Márcio Novo' });
    expect((await (await admin.get('/api/v1/users?q=marcio')).json()).total).toBe(1);
    expect((await (await admin.get('/api/v1/users?q=old')).json()).total).toBe(0);
  });

  it('finds groups without a stored folded column, through GLOB', async () => {
    const admin = await h.admin();
    await admin.json('POST', '/api/v1/groups', { name: 'Educação Física' });
    const found = await (await admin.get('/api/v1/groups?q=EDUCACAO')).json();
    expect(found.items.map((g: { name: string }) => g.name)).toEqual(['Educação Física']);
    expect((await (await admin.get('/api/v1/groups?q=edu*')).json()).total).toBe(0);
  });

  it('finds audit entries by the action as any language names it', async () => {
    const admin = await h.admin();
    await admin.json('POST', '/api/v1/groups', { name: 'Audited' });
    for (const word of ['Criou', 'created', 'creó']) {
      const res = await (await admin.get(`/api/v1/audit?q=${encodeURIComponent(`${word} audited`)}`)).json();
      expect(res.total, word).toBe(1);
    }
  });
});
