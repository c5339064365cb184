import type { GadgetData, GadgetId } from '../../services/dashboard/gadgets.js';
import { ConferenceCalendar, ConferenceLiveNow, ConferenceRecordings, ConferenceTime } from './conference-gadgets.js';
import { RecordingsStorage, RecordingsStored } from './recording-gadgets.js';
import { NODE_OFFLINE_MS } from '../../services/dashboard/gadgets.js';
import type { SiteHealth } from '../../services/dashboard/heartbeats.js';
import { formatBytes, formatDateTime } from '../../services/table/format.js';
import type { ViewContext } from '../view-context.js';
import { formatDuration, Sparkline, UsageMeter } from './gadget-parts.js';
import { VoicemailMine, VoicemailSystem } from './voicemail-gadgets.js';

function online(site: SiteHealth, now: Date): boolean {
  return Boolean(site.latest && now.getTime() - site.latest.at.getTime() < NODE_OFFLINE_MS);
}

function ServerState({ v, d }: { v: ViewContext; d: GadgetData }) {
  return (
    <dl class="facts">
      <dt>{v.t('gadget.centralApp')}</dt>
      <dd><span class="badge ok">{v.t('gadget.online')}</span> {d.host ? formatDuration(d.host.processUptimeSeconds) : ''}</dd>
      <dt>{v.t('gadget.database')}</dt>
      <dd><span class={d.databaseOk ? 'badge ok' : 'badge alarm'}>{d.databaseOk ? v.t('gadget.ok') : v.t('gadget.unreachable')}</span></dd>
      {d.sites.map((s) => (
        <>
          <dt>{s.siteName}</dt>
          <dd>
            {online(s, d.now) ? <span class="badge ok">{v.t('gadget.online')}</span> : <span class="badge alarm">{v.t('gadget.offline')}</span>}{' '}
            {s.latest ? v.t('gadget.lastSeen', { at: formatDateTime(s.latest.at, v) }) : v.t('gadget.neverSeen')}
          </dd>
        </>
      ))}
    </dl>
  );
}

function AppResources({ v, d }: { v: ViewContext; d: GadgetData }) {
  return (
    <dl class="facts">
      {d.host && (
        <>
          <dt>{v.t('gadget.centralProcess')}</dt>
          <dd>{v.t('gadget.processMemory', { rss: formatBytes(d.host.processRssBytes, v.locale), heap: formatBytes(d.host.heapUsedBytes, v.locale) })}</dd>
          <dt>{v.t('gadget.load')}</dt>
          <dd>{d.host.loadAverage.map((l) => l.toFixed(2)).join(' · ')}</dd>
        </>
      )}
      {d.sites.filter((s) => s.latest).map((s) => (
        <>
          <dt>{s.siteName}</dt>
          <dd>{v.t('gadget.nodeResources', { cpu: s.latest!.cpuPercent.toFixed(0), calls: s.latest!.activeCalls })}</dd>
        </>
      ))}
      {!d.host && d.sites.every((s) => !s.latest) && <dd>{v.t('gadget.noData')}</dd>}
    </dl>
  );
}

function Memory({ v, d }: { v: ViewContext; d: GadgetData }) {
  return (
    <div>
      {d.host && <UsageMeter v={v} label={v.t('gadget.centralApp')} used={d.host.memoryUsedBytes} total={d.host.memoryTotalBytes} />}
      {d.sites.filter((s) => s.latest).map((s) => <UsageMeter v={v} label={s.siteName} used={s.latest!.memoryUsedBytes} total={s.latest!.memoryTotalBytes} />)}
      {!d.host && d.sites.every((s) => !s.latest) && <p>{v.t('gadget.noData')}</p>}
    </div>
  );
}

function Disk({ v, d }: { v: ViewContext; d: GadgetData }) {
  return (
    <div>
      {d.host?.diskTotalBytes ? <UsageMeter v={v} label={v.t('gadget.centralData')} used={d.host.diskUsedBytes ?? 0} total={d.host.diskTotalBytes} /> : null}
      {d.sites.filter((s) => s.latest).map((s) => (
        <div>
          <UsageMeter v={v} label={s.siteName} used={s.latest!.diskUsedBytes} total={s.latest!.diskTotalBytes} />
          <Sparkline points={(d.diskTrends[s.siteId] ?? []).map((p) => p.used)} label={v.t('gadget.diskTrend', { site: s.siteName })} />
        </div>
      ))}
      {!d.host?.diskTotalBytes && d.sites.every((s) => !s.latest) && <p>{v.t('gadget.noData')}</p>}
    </div>
  );
}

function SystemInfo({ v, d }: { v: ViewContext; d: GadgetData }) {
  return (
    <dl class="facts">
      <dt>{v.t('gadget.version')}</dt>
      <dd>Ramal {d.version}</dd>
      <dt>{v.t('gadget.runtime')}</dt>
      <dd>{d.runtime}</dd>
      {d.host && (
        <>
          <dt>{v.t('gadget.host')}</dt>
          <dd>{`${d.host.hostname} · ${d.host.platform} · ${d.host.cpuCount} CPU · ${formatDuration(d.host.uptimeSeconds)}`}</dd>
        </>
      )}
      <dt>{v.t('gadget.counts')}</dt>
      <dd>{v.t('gadget.countsValue', { users: d.counts.users, sites: d.counts.sites })}</dd>
      {d.sites.filter((s) => s.latest).map((s) => (
        <>
          <dt>{s.siteName}</dt>
          <dd>{v.t('gadget.nodeInfo', { version: s.latest!.version, uptime: formatDuration(s.latest!.uptimeSeconds) })}</dd>
        </>
      ))}
    </dl>
  );
}

export const GADGET_VIEWS: Record<GadgetId, (p: { v: ViewContext; d: GadgetData }) => ReturnType<typeof ServerState>> = {
  'server-state': ServerState,
  'app-resources': AppResources,
  memory: Memory,
  disk: Disk,
  'system-info': SystemInfo,
  'vm-mine': VoicemailMine,
  'vm-system': VoicemailSystem,
  'conf-calendar': ConferenceCalendar,
  'conf-time': ConferenceTime,
  'conf-recordings': ConferenceRecordings,
  'conf-live': ConferenceLiveNow,
  'rec-stored': RecordingsStored,
  'rec-storage': RecordingsStorage,
};
