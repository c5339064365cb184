import { parentPort, workerData } from 'node:worker_threads';

type Encode = (pcm: Int16Array) => Uint8Array | Promise<Uint8Array>;
interface Spec { gsm: { module: string; export: string }; mp3: { module: string; export: string } }

const spec = workerData as Spec;
const loaded = new Map<string, Promise<Encode>>();

function encoder(codec: 'gsm' | 'mp3'): Promise<Encode> {
  let found = loaded.get(codec);
  if (!found) {
    const { module, export: name } = spec[codec];
    found = import(module).then((mod: Record<string, unknown>) => {
      const fn = mod[name];
      if (typeof fn !== 'function') throw new Error(`${module} has no function export ${name}`);
      return fn as Encode;
    });
    loaded.set(codec, found);
  }
  return found;
}

parentPort!.on('message', async (job: { id: number; codec: 'gsm' | 'mp3'; pcm: Int16Array }) => {
  try {
    const bytes = await (await encoder(job.codec))(job.pcm);
    const copy = bytes.slice();
    parentPort!.postMessage({ id: job.id, bytes: copy }, [copy.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
