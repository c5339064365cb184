/**
 * Speaks the prompt catalogue with espeak-ng into <dir>/generated/<lang>/<id>.wav.
 *   npx tsx scripts/generate-prompts.ts [--dir data/prompts] [--force] [--lang pt-BR,en]
 * Recorded prompts go to <dir>/custom/<lang>/<id>.wav (any WAV; converted on load) and win over generated ones.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { jsonLogger } from '../media-node/log.js';
import { generatePrompts } from '../media-node/prompts/generate.js';
import { PROMPT_LANGUAGES } from '../media-node/prompts/languages.js';

const Args = z.object({
  dir: z.string().min(1).default('data/prompts'),
  force: z.boolean().default(false),
  lang: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(PROMPT_LANGUAGES)).optional()),
});

const { values } = parseArgs({ options: { dir: { type: 'string' }, force: { type: 'boolean' }, lang: { type: 'string' } } });
const parsed = Args.safeParse(values);
if (!parsed.success) {
  process.stderr.write(`generate-prompts: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
  process.exit(2);
}
const log = jsonLogger('info', { tool: 'generate-prompts' });
const result = await generatePrompts({ promptsDir: parsed.data.dir, force: parsed.data.force, languages: parsed.data.lang, log });
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.failed > 0 ? 1 : 0);
