/**
 * The media node's process entry (`npm run media-node`): reads its settings from the environment,
 * pulls the site's configuration from the central app, and runs SIP, RTP, the applications, the
 * spool and its uploader until SIGTERM.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VERSION } from '../functions/version.js';
import { advertisedHost, parseNodeEnv, type NodeEnv } from './config.js';
import { createCentralClient } from './central/client.js';
import { ConfigStore } from './central/config-store.js';
import { startHeartbeat } from './central/heartbeat.js';
import { ActiveCalls } from './calls/active-calls.js';
import type { CallApplication } from './calls/call-application.js';
import { createCallHandler } from './calls/call-handler.js';
import type { Route } from './calls/routing.js';
import { jsonLogger, type NodeLogger } from './log.js';
import { createPromptLibrary } from './prompts/library.js';
import { generatePrompts } from './prompts/generate.js';
import { MediaClock } from './rtp/media-clock.js';
import { RtpPortPool } from './rtp/port-pool.js';
import { SipEndpoint } from './sip/endpoint.js';
import { Spool } from './spool/spool.js';
import { startUploader } from './spool/uploader.js';
import { productionEncoders } from './audio/encoders.js';
import { echoTestApp } from './apps/echo-test.js';
import { callRecorderApp } from './apps/call-recorder.js';
import { sipTrust } from './calls/sip-trust.js';
import { TrunkRegistration } from './calls/trunk-registration.js';
import { createVoicemailClient } from './central/voicemail-client.js';
import { voicemailDepositApp } from './apps/voicemail-deposit.js';
import { voicemailRetrievalApp } from './apps/voicemail-retrieval.js';
import { MwiPoller } from './mwi/mwi-poller.js';
import { MwiNotifier } from './mwi/mwi-notifier.js';
import { startUnsolicitedMwi } from './mwi/mwi-unsolicited.js';
import { createConferenceClient } from './central/conference-client.js';
import { RoomRegistry } from './conference/room-registry.js';
import { startLivePusher } from './conference/live-pusher.js';
import { conferenceApp } from './apps/conference-room.js';
import { createJobsClient } from './central/jobs-client.js';
import { JobPoller } from './jobs/job-poller.js';
import { nodeJobHandlers } from './jobs/handlers.js';

export interface MediaNode {
  readonly sipPort: number;
  readonly spool: Spool;
  readonly calls: ActiveCalls;
  readonly config: ConfigStore;
  /** Hangs up calls (their recordings finish into the spool), then stops everything. */
  stop(): Promise<void>;
}

export interface MediaNodeOverrides {
  log?: NodeLogger;
  /** Extra or replacement applications (tests add probes); keyed by route. */
  apps?: Partial<Record<Route['app'], CallApplication>>;
  /** Skip prompt generation at start (tests generate what they need). */
  generatePrompts?: boolean;
  heartbeatMs?: number;
  uploaderRetryBaseMs?: number;
  /** Seconds without RTP before a call is taken for dead (default 60). */
  mediaTimeoutSeconds?: number;
  /** Between two polls of the site's mailbox counts for message lamps (default 5000). */
  mwiPollMs?: number;
  /** Between two claims of node jobs when there was none (default 5000). */
  jobPollMs?: number;
}

export async function startMediaNode(env: NodeEnv, overrides: MediaNodeOverrides = {}): Promise<MediaNode> {
  const log = overrides.log ?? jsonLogger(env.LOG_LEVEL, { component: 'media-node' });
  const spool = await Spool.open(resolve(env.RAMAL_SPOOL_DIR), log.child({ part: 'spool' }));
  const client = createCentralClient({ baseUrl: env.RAMAL_CENTRAL_URL, token: env.RAMAL_SITE_TOKEN, log: log.child({ part: 'central' }) });
  const config = await ConfigStore.start({ client, path: join(spool.layout.root, 'config.json'), log: log.child({ part: 'config' }), pollSeconds: env.RAMAL_CONFIG_POLL_SECONDS });
  const promptsDir = resolve(env.RAMAL_PROMPTS_DIR);
  // Calls pass the site's current language with every lookup, so one library (and its cache)
  // serves across configuration changes.
  const prompts = createPromptLibrary({ dir: promptsDir, siteLanguage: config.config.language, log: log.child({ part: 'prompts' }) });
  if (overrides.generatePrompts ?? env.RAMAL_PROMPTS_AUTOGENERATE === 'on') {
    // First start (and after an upgrade adds prompts): synthesize what is missing, in the background.
    void generatePrompts({ promptsDir, log: log.child({ part: 'prompts' }) }).then((r) => r.generated > 0 && prompts.clear());
  }

  const encoders = productionEncoders(env.RAMAL_ENCODER_THREADS);
  // One item more than there are encoder threads, so one item uploads while the others encode.
  const uploader = startUploader({ spool, client, encoders, log: log.child({ part: 'uploader' }), retryBaseMs: overrides.uploaderRetryBaseMs, concurrency: env.RAMAL_ENCODER_THREADS + 1 });
  const calls = new ActiveCalls();
  const heartbeat = startHeartbeat({ client, spoolDir: spool.layout.root, version: VERSION, activeCalls: () => calls.count, log: log.child({ part: 'heartbeat' }), intervalMs: overrides.heartbeatMs });

  const clock = new MediaClock({ log: log.child({ part: 'clock' }) });
  const ports = new RtpPortPool({ host: env.SIP_HOST, min: env.RTP_PORTS.min, max: env.RTP_PORTS.max });
  const mediaAddress = advertisedHost(env);
  const voicemail = createVoicemailClient(client);
  // Started once the SIP endpoint exists, so the first counts also reach the PBX unasked.
  const mwi = new MwiPoller({ fetch: (etag) => voicemail.mwi(etag), log: log.child({ part: 'mwi' }), intervalMs: overrides.mwiPollMs });
  const mwiNotifier = new MwiNotifier({
    poller: mwi, host: mediaAddress, log: log.child({ part: 'mwi' }),
    hasMailbox: (mailbox) => config.config.extensions.some((e) => e.number === mailbox),
  });
  // A left message reaches the counts only once uploaded and filed centrally: look again shortly after.
  const voicemailDeps = { client: voicemail, spool, mailboxChanged: () => [0, 1500, 4000].forEach((ms) => setTimeout(() => void mwi.poke(), ms).unref()) };
  const retrieval = voicemailRetrievalApp(voicemailDeps);
  const conferenceClient = createConferenceClient(client);
  const rooms = new RoomRegistry({ clock, spool, log: log.child({ part: 'conference' }) });
  const live = startLivePusher({ registry: rooms, client: conferenceClient, log: log.child({ part: 'conference' }) });
  const apps: Partial<Record<Route['app'], CallApplication>> = {
    'echo-test': echoTestApp, recorder: callRecorderApp(spool, { config: () => config.config, joinHeader: env.RAMAL_RECORDING_JOIN_HEADER }),
    'voicemail-deposit': voicemailDepositApp(voicemailDeps), 'voicemail-own': retrieval, 'voicemail-other': retrieval,
    conference: conferenceApp({ client: conferenceClient, registry: rooms }),
    ...overrides.apps,
  };
  const onInvite = createCallHandler({ config: () => config.config, ports, clock, mediaAddress, apps, calls, log: log.child({ part: 'calls' }), mediaTimeoutSeconds: overrides.mediaTimeoutSeconds, prompts });
  const trust = sipTrust(() => config.config);
  const sip = await SipEndpoint.start({
    host: env.SIP_HOST, port: env.SIP_PORT, advertisedHost: mediaAddress, userAgent: `Ramal/${VERSION}`, log: log.child({ part: 'sip' }),
    realm: trust.realm(), isTrusted: trust.isTrusted, passwordFor: trust.passwordFor, subscriptions: mwiNotifier.policy,
    onInvite: (call) => void onInvite(call).catch((err: unknown) => log.error('call handler failed', { error: String(err) })),
  });
  const stopUnsolicitedMwi = startUnsolicitedMwi({ poller: mwi, sip, config: () => config.config, host: mediaAddress, log: log.child({ part: 'mwi' }) });
  mwi.start();
  const trunk = new TrunkRegistration(sip, log.child({ part: 'trunk' }));
  trunk.apply(config.config.sip.trunk);
  config.on('change', (next: typeof config.config) => {
    trunk.apply(next.sip.trunk);
    log.info('configuration updated', { site: next.site.name });
  });
  // Exports stream whole recordings: their own client, with a timeout fit for a long file.
  const transfer = createCentralClient({ baseUrl: env.RAMAL_CENTRAL_URL, token: env.RAMAL_SITE_TOKEN, log: log.child({ part: 'jobs' }), timeoutMs: 30 * 60_000 });
  const jobPoller = new JobPoller({ jobs: createJobsClient(client, { transfer }), handlers: nodeJobHandlers({ exportDir: resolve(env.RAMAL_NODE_EXPORT_DIR), exportRequiresMount: env.RAMAL_NODE_EXPORT_REQUIRE_MOUNT }), log: log.child({ part: 'jobs' }), intervalMs: overrides.jobPollMs });
  jobPoller.start();
  log.info('media node ready', { version: VERSION, sip: `${env.SIP_HOST}:${sip.port}`, rtp: `${env.RTP_PORTS.min}-${env.RTP_PORTS.max}`, media: mediaAddress, site: config.config.site.name });

  let stopping: Promise<void> | undefined;
  return {
    sipPort: sip.port, spool, calls, config,
    stop: () =>
      (stopping ??= (async () => {
        await jobPoller.stop();
        await calls.hangupAll();
        await calls.drained(10_000);
        rooms.endAll();
        live.stop();
        await rooms.settled();
        await trunk.stop();
        await sip.close();
        mwi.stop();
        stopUnsolicitedMwi();
        config.stop();
        heartbeat.stop();
        await uploader.stop();
        await encoders.close();
      })()),
  };
}

export async function main(raw: Record<string, string | undefined> = process.env): Promise<void> {
  let env: NodeEnv;
  try {
    env = parseNodeEnv(raw);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const node = await startMediaNode(env);
  const stop = () => void node.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
