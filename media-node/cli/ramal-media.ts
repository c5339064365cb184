import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { AudioFormatError, transcodeFile } from '../codecs/formats.js';

/** Exit codes: 0 done, 1 unexpected failure (a bug), 2 the user's input was wrong or unreadable. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const HELP = `Usage: ramal-media <command>

Commands:
  transcode IN OUT   convert an audio file; formats come from the extensions:
                     .wav, .gsm (raw GSM 06.10 frames), .mp3,
                     .raw/.sln (16-bit signed little-endian 8 kHz mono),
                     .al/.alaw (G.711 A-law), .ul/.ulaw/.mu (G.711 µ-law)
                     Output is 8 kHz mono; input is mixed down and resampled.
  --help             show this text
`;

const TranscodeArgs = z.tuple([z.literal('transcode'), z.string().min(1, 'IN is empty'), z.string().min(1, 'OUT is empty')]);

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Errors that mean the input, not the program, is at fault: a missing, unreadable or bad file. */
function isUserError(error: unknown): error is Error {
  if (error instanceof AudioFormatError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'EROFS'].includes(code);
}

/** Runs the command line (without node and script) and returns the exit code. */
export async function runRamalMedia(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? io.err : io.out)(HELP);
    return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  const args = TranscodeArgs.safeParse(argv);
  if (!args.success) {
    const why = argv[0] === 'transcode' ? 'transcode takes exactly two file names: IN OUT' : `unknown command "${argv[0]}"`;
    io.err(`ramal-media: ${why}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  const [, inPath, outPath] = args.data;
  try {
    const started = performance.now();
    const done = await transcodeFile(inPath, outPath);
    const ms = Math.round(performance.now() - started);
    io.out(`${inPath} (${done.inFormat}) -> ${outPath} (${done.outFormat}): ${done.seconds.toFixed(2)} s of audio in ${ms} ms\n`);
    return EXIT_OK;
  } catch (error) {
    if (isUserError(error)) {
      io.err(`ramal-media: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.err(`ramal-media: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

function isEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntry()) {
  process.exitCode = await runRamalMedia(process.argv.slice(2));
}
