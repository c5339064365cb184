import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db.js';
import { permissionProfiles, users } from '../../../schema/index.js';

export interface Administrator {
  id: string;
  email: string;
  fullName: string;
  language: string;
}

/**
 * Who must hear about the organization's system problems (a webhook endpoint turned off): its
 * administrator and every user whose profile may configure the system.
 */
export async function organizationAdministrators(db: Db, orgId: string): Promise<Administrator[]> {
  const configures = sql`exists (select 1 from json_each(${permissionProfiles.permissions}, '$.system') where value = 'configure')`;
  return db
    .select({ id: users.id, email: users.email, fullName: users.fullName, language: users.language })
    .from(users)
    .innerJoin(permissionProfiles, eq(permissionProfiles.id, users.profileId))
    .where(and(eq(users.orgId, orgId), or(eq(users.isOwner, true), configures)))
    .orderBy(users.email);
}
