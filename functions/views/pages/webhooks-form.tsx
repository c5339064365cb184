import { CheckboxList, ErrorSummary, TextField, type FormErrors } from '../form.js';
import type { ViewContext } from '../view-context.js';

export interface EndpointFormValues {
  url: string;
  description: string;
  eventsMode: 'all' | 'some';
  events: string[];
  sitesMode: 'all' | 'some';
  sites: string[];
  active: boolean;
}

export interface EndpointFormChoices {
  eventGroups: { prefix: string; types: string[] }[];
  sites: { id: string; name: string }[];
  /** False for a site-limited administrator, who must name sites. */
  allSitesAllowed: boolean;
}

function ModeRadios(p: { name: string; legend: string; value: 'all' | 'some'; allLabel: string; someLabel: string }) {
  return (
    <fieldset class="checkbox-list">
      <legend>{p.legend}</legend>
      <label class="check" for={`f-${p.name}-all`}>
        <input type="radio" id={`f-${p.name}-all`} name={p.name} value="all" checked={p.value === 'all'} />
        {p.allLabel}
      </label>
      <label class="check" for={`f-${p.name}-some`}>
        <input type="radio" id={`f-${p.name}-some`} name={p.name} value="some" checked={p.value === 'some'} />
        {p.someLabel}
      </label>
    </fieldset>
  );
}

export function endpointLabels(v: ViewContext): Record<string, string> {
  return { url: v.t('webhooks.url'), description: v.t('webhooks.description'), events: v.t('webhooks.events'), sites: v.t('webhooks.sites') };
}

/** The endpoint's fields, shared by the new and edit forms (without the form element). */
export function EndpointFields(p: { v: ViewContext; values: EndpointFormValues; errors: FormErrors; choices: EndpointFormChoices; showActive: boolean }) {
  const { v, values, errors, choices } = p;
  const labels = endpointLabels(v);
  const checkedEvents = new Set(values.events);
  return (
    <>
      <ErrorSummary v={v} errors={errors} labels={labels} />
      <TextField name="url" label={labels.url!} value={values.url} error={errors.url} hint={v.t('webhooks.urlHint')} required maxlength={2000} inputmode="url" type="url" />
      <TextField name="description" label={labels.description!} value={values.description} error={errors.description} maxlength={500} />
      <ModeRadios name="eventsMode" legend={labels.events!} value={values.eventsMode} allLabel={v.t('webhooks.allEvents')} someLabel={v.t('webhooks.someEvents')} />
      <div class="indent" id="f-events">
        {choices.eventGroups.map((g) => (
          <fieldset class="checkbox-list">
            <legend>{g.prefix}</legend>
            {g.types.map((type) => (
              <label class="check" for={`f-ev-${type}`}>
                <input type="checkbox" id={`f-ev-${type}`} name="events" value={type} checked={checkedEvents.has(type)} />
                {type}
              </label>
            ))}
          </fieldset>
        ))}
        {errors.events && <p class="field-error">{errors.events}</p>}
      </div>
      {choices.allSitesAllowed && <ModeRadios name="sitesMode" legend={labels.sites!} value={values.sitesMode} allLabel={v.t('common.allSites')} someLabel={v.t('webhooks.someSites')} />}
      <div class={choices.allSitesAllowed ? 'indent' : undefined}>
        <CheckboxList name="sites" legend={choices.allSitesAllowed ? v.t('webhooks.sites') : labels.sites!} options={choices.sites.map((s) => ({ value: s.id, label: s.name }))} checked={new Set(values.sites)} error={errors.sites} />
      </div>
      {p.showActive && (
        <div class="field">
          <label class="check" for="f-active">
            <input type="checkbox" id="f-active" name="active" value="on" checked={values.active} />
            {v.t('webhooks.active')}
          </label>
          <p class="hint">{v.t('webhooks.activeHint')}</p>
        </div>
      )}
    </>
  );
}
