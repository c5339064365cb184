import type { Db } from '../../db.js';
import { organizations, permissionProfiles, sites, users } from '../../../schema/index.js';
import { translator } from '../../i18n/index.js';
import { hashPassword, type Kdf } from '../auth/password.js';
import { DEFAULT_PROFILE_MATRIX, FULL_MATRIX } from '../auth/permissions.js';
import { newId, randomToken } from '../auth/random.js';
import { normalizeEmail } from '../users/email.js';
import { checkEmailFree } from '../users/references.js';
import { userSearchText } from '../users/search-text.js';

export interface NewOrganization {
  name: string;
  siteName: string;
  timeZone: string;
  adminEmail: string;
  /** When absent a random password is made and returned, to be shown once. */
  adminPassword?: string | undefined;
  language: 'pt-BR' | 'en' | 'es';
}

export interface CreatedOrganization {
  orgId: string;
  siteId: string;
  adminId: string;
  adminEmail: string;
  /** The profile with every permission, named in the organization's language. */
  adminProfileId: string;
  /** Set only when Ramal generated the password. */
  generatedPassword: string | null;
}

/** Creates an organization with one site, the DEFAULT and Administrators profiles and its administrator. */
export async function createOrganization(db: Db, kdf: Kdf, kdfCost: number, input: NewOrganization, now = new Date()): Promise<CreatedOrganization> {
  const orgId = newId();
  const siteId = newId();
  const adminId = newId();
  const defaultProfileId = newId();
  const adminProfileId = newId();
  await checkEmailFree(db, normalizeEmail(input.adminEmail));
  const generatedPassword = input.adminPassword ? null : randomToken(12);
  const passwordHash = await hashPassword(kdf, input.adminPassword ?? generatedPassword!, kdfCost);
  const email = normalizeEmail(input.adminEmail);
  const stamps = { createdAt: now, updatedAt: now };
  await db.batch([
    db.insert(organizations).values({ id: orgId, name: input.name, createdAt: now }),
    db.insert(sites).values({ id: siteId, orgId, name: input.siteName, timeZone: input.timeZone, promptLanguage: input.language, pbxConnection: { kind: 'none' }, ...stamps }),
    db.insert(permissionProfiles).values([
      { id: defaultProfileId, orgId, name: 'DEFAULT', description: '', isDefault: true, permissions: DEFAULT_PROFILE_MATRIX, ...stamps },
      { id: adminProfileId, orgId, name: translator(input.language)('profiles.administrators'), description: '', isDefault: false, permissions: FULL_MATRIX, ...stamps },
    ]),
    db.insert(users).values({
      id: adminId, orgId, fullName: 'Administrator', email, searchText: userSearchText('Administrator', email), passwordHash, profileId: adminProfileId,
      isOwner: true, language: input.language, ...stamps,
    }),
  ]);
  return { orgId, siteId, adminId, adminEmail: email, adminProfileId, generatedPassword };
}

/** First start: an empty database gets its organization. Returns null when one already exists. */
export async function bootstrapIfEmpty(db: Db, kdf: Kdf, kdfCost: number, input: NewOrganization): Promise<CreatedOrganization | null> {
  if ((await db.$count(organizations)) > 0) return null;
  return createOrganization(db, kdf, kdfCost, input);
}
