import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db.js';
import { extensions, PROMPT_LANGUAGES, recordingSettings, sites } from '../../../schema/index.js';
import { notFound } from '../../errors.js';
import { sha256Hex } from '../auth/random.js';

const Credentials = z.object({ username: z.string(), password: z.string() });

/**
 * What a media node needs to run its site, pulled with the site token (GET /api/v1/node/config).
 * The node imports the type; later issues add mailboxes, rooms and rules.
 */
export const NodeConfigSchema = z
  .object({
    site: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
    /** Language of the prompts. */
    language: z.enum(PROMPT_LANGUAGES),
    codes: z.object({ voicemailOwn: z.string(), voicemailOther: z.string(), conference: z.string(), echoTest: z.string(), recorder: z.string() }),
    sip: z.object({
      /** IPs or CIDRs whose calls need no password; the PBX host is included when it is an address. */
      allowedAddresses: z.array(z.string()),
      /** Digest credentials for callers not on the list; null refuses them. */
      inbound: Credentials.nullable(),
      trunk: z
        .object({ register: z.boolean(), registrar: z.string(), username: z.string(), password: z.string(), expiresSeconds: z.number().int() })
        .nullable(),
    }),
    /** The site's extensions (synced from the PBX or added by hand). */
    extensions: z.array(z.object({ number: z.string(), name: z.string() })),
    /** Mailbox limits and how message lamps are lit; defaulted so a node's cached older config still loads. */
    voicemail: z
      .object({
        maxMessages: z.number().int(),
        maxSeconds: z.number().int(),
        mwiUnsolicited: z.boolean(),
        /** Where unsolicited message-waiting NOTIFYs go: the trunk's registrar, else the PBX host; null when neither is set. */
        mwiTarget: z.string().nullable().default(null),
      })
      .default({ maxMessages: 100, maxSeconds: 180, mwiUnsolicited: false, mwiTarget: null }),
    /**
     * The recorder's rules (manual 5.4), applied on the node so a discarded call never leaves it:
     * shorter than the minimum, or with excluded users on it (any of them with
     * discardIfAnyExcluded, else only when every internal participant is excluded).
     */
    recorder: z
      .object({
        minDurationMs: z.number().int().min(0),
        /** This site's extensions whose linked users are on the exclusion list. */
        excludedExtensions: z.array(z.string()),
        discardIfAnyExcluded: z.boolean(),
      })
      .default({ minDurationMs: 0, excludedExtensions: [], discardIfAnyExcluded: false }),
  })
  .meta({ id: 'NodeConfig' });
export type NodeConfig = z.infer<typeof NodeConfigSchema>;

/** "10.0.0.5", "10.0.0.5:5060", "[2001:db8::1]:5060" → the address; a host name → null. */
export function pbxAddress(host: string): string | null {
  const trimmed = host.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  const candidate = bracketed ? bracketed[1]! : trimmed.replace(/^([0-9.]+):\d+$/, '$1');
  const ip = z.union([z.ipv4(), z.ipv6()]).safeParse(candidate);
  return ip.success ? ip.data : null;
}

export async function loadNodeConfig(db: Db, orgId: string, siteId: string): Promise<NodeConfig> {
  const [site] = await db.select().from(sites).where(and(eq(sites.id, siteId), eq(sites.orgId, orgId)));
  if (!site) throw notFound('site');
  const exts = await db
    .select({ number: extensions.number, name: extensions.name, userId: extensions.userId })
    .from(extensions)
    .where(and(eq(extensions.siteId, siteId), eq(extensions.orgId, orgId)))
    .orderBy(asc(extensions.number));
  const pbx = pbxAddress(site.pbxHost);
  const allowed = [...site.sipAllowedAddresses];
  if (pbx && !allowed.includes(pbx)) allowed.unshift(pbx);
  const [rules] = await db.select().from(recordingSettings).where(eq(recordingSettings.orgId, orgId));
  const excluded = new Set(rules?.excludedUserIds ?? []);
  return {
    site: { id: site.id, name: site.name, timeZone: site.timeZone },
    language: site.promptLanguage,
    codes: {
      voicemailOwn: site.voicemailOwnCode, voicemailOther: site.voicemailOtherCode, conference: site.conferenceCode,
      echoTest: site.echoTestCode, recorder: site.recorderCode,
    },
    sip: { allowedAddresses: allowed, inbound: site.sipInbound ?? null, trunk: site.sipTrunk ?? null },
    extensions: exts.map((e) => ({ number: e.number, name: e.name })),
    voicemail: {
      maxMessages: site.voicemailMaxMessages, maxSeconds: site.voicemailMaxSeconds, mwiUnsolicited: site.mwiUnsolicited,
      mwiTarget: site.sipTrunk?.registrar.replace(/^sips?:/, '') || site.pbxHost.trim() || null,
    },
    recorder: {
      minDurationMs: (rules?.minDurationSeconds ?? 0) * 1000,
      excludedExtensions: exts.filter((e) => e.userId && excluded.has(e.userId)).map((e) => e.number),
      discardIfAnyExcluded: rules?.discardIfAnyExcluded ?? false,
    },
  };
}

/** A strong validator: the same JSON always gives the same tag. */
export async function configEtag(json: string): Promise<string> {
  return `"${(await sha256Hex(json)).slice(0, 32)}"`;
}
