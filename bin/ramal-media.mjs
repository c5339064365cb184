#!/usr/bin/env node
// `npx ramal-media …`: the media node's command-line tools (transcode). The sources are
// TypeScript; tsx's loader runs them as they are, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
const { runRamalMedia } = await import('../media-node/cli/ramal-media.ts');
process.exitCode = await runRamalMedia(process.argv.slice(2));
