import { Zip, ZipPassThrough } from 'fflate';

export interface ZipEntryBody {
  name: string;
  mtime: Date;
  body: ReadableStream<Uint8Array>;
}

/**
 * A ZIP of entries produced one after another by `entries`, streamed while it is written: the
 * generator is only asked for the next entry once the previous one is wholly in the archive, so
 * it can count it as done, and when it returns early (a stop) the archive is still closed properly.
 */
export function lazyZip(entries: AsyncIterator<ZipEntryBody>): ReadableStream<Uint8Array> {
  const pending: Uint8Array[] = [];
  let finished = false;
  let failure: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    pending.push(chunk);
    if (final) finished = true;
  });
  async function* feed(): AsyncGenerator<void> {
    for (;;) {
      const next = await entries.next();
      if (next.done) break;
      // Stored, not deflated: WAV barely shrinks and GSM and MP3 not at all.
      const file = new ZipPassThrough(next.value.name);
      file.mtime = next.value.mtime;
      zip.add(file);
      const reader = next.value.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        file.push(value);
        yield;
      }
      file.push(new Uint8Array(0), true);
      yield;
    }
    zip.end();
  }
  const steps = feed();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (!pending.length && !finished && !failure) {
          if ((await steps.next()).done) break;
        }
      } catch (err) {
        return controller.error(err);
      }
      if (failure) return controller.error(failure);
      while (pending.length) controller.enqueue(pending.shift()!);
      if (finished) controller.close();
    },
    async cancel() {
      await steps.return(undefined);
      await entries.return?.(undefined);
    },
  });
}

/** A file to put in a ZIP, opened only when the archive gets to it. */
export interface ZipSource {
  name: string;
  mtime: Date;
  open: () => Promise<ReadableStream<Uint8Array> | null>;
}

/** A streamed ZIP of the given files; a file whose body is gone fails the stream with `missing(name)`. */
export function zipStream(entries: ZipSource[], missing: (name: string) => Error): ReadableStream<Uint8Array> {
  async function* opened(): AsyncGenerator<ZipEntryBody> {
    for (const entry of entries) {
      const body = await entry.open();
      if (!body) throw missing(entry.name);
      yield { name: entry.name, mtime: entry.mtime, body };
    }
  }
  return lazyZip(opened());
}
