import { foldText } from '../table/fold.js';

/** What the users list searches besides extensions and groups: name and e-mail, folded. */
export function userSearchText(fullName: string, email: string): string {
  return foldText(`${fullName} ${email}`);
}
