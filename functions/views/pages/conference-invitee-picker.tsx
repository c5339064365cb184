import { assetUrl } from '../../assets/asset-url.js';
import type { ViewContext } from '../view-context.js';

export interface PickedUser {
  id: string;
  /** The person's name, for "Remove {name}". */
  name: string;
  /** Name, e-mail and extensions, as the chip shows them. */
  label: string;
}

export interface InviteePickerProps {
  v: ViewContext;
  users: PickedUser[];
  emails: string[];
  /** What was typed in the search box (kept when the form comes back). */
  query: string;
  /** People found by a search made without scripts; null when none was made. */
  found: PickedUser[] | null;
  error?: string | undefined;
}

/**
 * The invitees of the Notification tab (manual 4.3.1 step 2). Without scripts the chosen people
 * are ticked boxes (untick to remove) and Search posts the form back with the people found; with
 * conference-invitees.js the box searches as one types, the arrow keys and Enter pick, and each
 * chosen person is a chip removed with its button or Backspace.
 */
export function InviteePicker({ v, users, emails, query, found, error }: InviteePickerProps) {
  const chips = users.length + emails.length;
  return (
    <fieldset
      class={error ? 'invitee-picker has-error' : 'invitee-picker'}
      id="f-invitees"
      data-invitee-picker
      data-search-url="/api/v1/conference/invitee-candidates"
      data-text-remove={v.t('conference.picker.remove')}
      data-text-add-email={v.t('conference.picker.addEmail')}
      data-text-no-match={v.t('conference.picker.noMatch')}
      data-text-found={v.t('conference.picker.found')}
      data-text-added={v.t('conference.picker.added')}
      data-text-removed={v.t('conference.picker.removed')}
      data-text-failed={v.t('conference.picker.failed')}
      data-text-extensions={v.t('conference.picker.extensions')}
    >
      <legend>{v.t('conference.picker.chosen')}</legend>
      <ul class="invitee-chips" data-invitee-chips aria-label={v.t('conference.picker.chosen')}>
        {users.map((u) => (
          <li class="invitee-chip" data-chip-name={u.name}>
            <label class="check">
              <input type="checkbox" name="inviteUsers" value={u.id} checked /> <span>{u.label}</span>
            </label>
          </li>
        ))}
        {emails.map((e) => (
          <li class="invitee-chip" data-chip-name={e}>
            <label class="check">
              <input type="checkbox" name="inviteEmail" value={e} checked /> <span>{e}</span>
            </label>
          </li>
        ))}
      </ul>
      <p class="hint" data-invitee-none hidden={chips > 0}>{v.t('conference.picker.none')}</p>
      <div class="field invitee-search">
        <label for="f-inviteSearch">{v.t('conference.picker.label')}</label>
        <div class="invitee-search-row">
          <input
            id="f-inviteSearch" name="inviteSearch" type="search" value={query} autocomplete="off" spellcheck={false} maxlength={100}
            aria-describedby="h-inviteSearch" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="invitee-options"
          />
          <button type="submit" name="inviteAction" value="search" class="button" formnovalidate data-invitee-nojs>{v.t('conference.picker.search')}</button>
        </div>
        <ul id="invitee-options" class="invitee-options" role="listbox" aria-label={v.t('conference.picker.label')} hidden></ul>
        <p class="hint" id="h-inviteSearch">{v.t('conference.picker.hint')}</p>
        {error && <p class="field-error">{error}</p>}
        <p class="visually-hidden" role="status" aria-live="polite" data-invitee-status></p>
      </div>
      {found && (
        <fieldset class="checkbox-list" data-invitee-nojs>
          <legend>{v.t('conference.picker.resultsHint')}</legend>
          {found.length === 0 && <p class="hint">{v.t('conference.picker.noMatch', { q: query })}</p>}
          {found.map((u, i) => (
            <label class="check" for={`f-found-${i}`}>
              <input type="checkbox" id={`f-found-${i}`} name="inviteUsers" value={u.id} /> {u.label}
            </label>
          ))}
        </fieldset>
      )}
      <link rel="stylesheet" href={assetUrl('conference-invitees.css')} />
      <script src={assetUrl('conference-invitees.js')} defer></script>
    </fieldset>
  );
}
