import type { Child } from 'hono/jsx';
import type { FieldError } from '../errors.js';
import { translateMaybe } from '../i18n/index.js';
import { CSRF_FIELD } from '../middleware/csrf.js';
import type { ViewContext } from './view-context.js';

export function CsrfField({ v }: { v: ViewContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={v.csrf} />;
}

export type FormErrors = Record<string, string>;

export function errorsByField(v: ViewContext, fields: FieldError[] | undefined): FormErrors {
  const out: FormErrors = {};
  for (const f of fields ?? []) out[f.field] ??= translateMaybe(v.t, f.message);
  return out;
}

/** Lists every problem at the top of a form, each a link to its field, for keyboard and screen readers. */
export function ErrorSummary({ v, errors, labels }: { v: ViewContext; errors: FormErrors; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p>{v.t('form.fixErrors')}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#f-${field}`}>{labels[field] ? `${labels[field]}: ${message}` : message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children?: Child;
}

/** Label, control, hint and error wired together with ids and aria attributes. */
export function Field({ name, label, error, hint, children }: FieldProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={`f-${name}`}>{label}</label>
      {children}
      {hint && <p class="hint" id={`h-${name}`}>{hint}</p>}
      {error && <p class="field-error" id={`e-${name}`}>{error}</p>}
    </div>
  );
}

interface InputProps {
  name: string;
  label: string;
  value?: string | number | null | undefined;
  type?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  inputmode?: 'text' | 'numeric' | 'email' | 'tel' | 'url' | 'decimal' | 'search' | 'none';
  pattern?: string;
}

export function TextField(p: InputProps) {
  const describedBy = [p.hint && `h-${p.name}`, p.error && `e-${p.name}`].filter(Boolean).join(' ') || undefined;
  return (
    <Field name={p.name} label={p.label} error={p.error} hint={p.hint}>
      <input
        id={`f-${p.name}`}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        required={p.required}
        autocomplete={p.autocomplete}
        maxlength={p.maxlength}
        inputmode={p.inputmode}
        pattern={p.pattern}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </Field>
  );
}

export function SelectField(p: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[]; error?: string | undefined; hint?: string }) {
  return (
    <Field name={p.name} label={p.label} error={p.error} hint={p.hint}>
      <select id={`f-${p.name}`} name={p.name} aria-invalid={p.error ? 'true' : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>{o.label}</option>
        ))}
      </select>
    </Field>
  );
}

/** A fieldset of checkboxes sharing one name, for many-to-many choices (groups, sites). */
export function CheckboxList(p: { name: string; legend: string; options: { value: string; label: string }[]; checked: Set<string>; error?: string | undefined; hint?: string }) {
  return (
    <fieldset class={p.error ? 'checkbox-list has-error' : 'checkbox-list'} id={`f-${p.name}`}>
      <legend>{p.legend}</legend>
      {p.hint && <p class="hint">{p.hint}</p>}
      {p.options.length === 0 && <p class="hint">—</p>}
      {p.options.map((o, i) => (
        <label class="check" for={`f-${p.name}-${i}`}>
          <input type="checkbox" id={`f-${p.name}-${i}`} name={p.name} value={o.value} checked={p.checked.has(o.value)} />
          {o.label}
        </label>
      ))}
      {p.error && <p class="field-error">{p.error}</p>}
    </fieldset>
  );
}

/**
 * A form's fields, shown read-only (every control disabled) to someone who may see but not change
 * the record: the server refuses the change anyway, the page should not offer it.
 */
export function FormBody({ readOnly, children }: { readOnly: boolean; children: Child }) {
  return (
    <fieldset class="form-body" disabled={readOnly}>
      {children}
    </fieldset>
  );
}

export function FormActions({ v, cancelHref, submitLabel, readOnly = false }: { v: ViewContext; cancelHref: string; submitLabel?: string; readOnly?: boolean }) {
  if (readOnly) {
    return (
      <div class="form-actions">
        <a href={cancelHref} class="button">{v.t('common.back')}</a>
      </div>
    );
  }
  return (
    <div class="form-actions">
      <button type="submit" class="button primary">{submitLabel ?? v.t('common.save')}</button>
      <a href={cancelHref} class="button">{v.t('common.cancel')}</a>
    </div>
  );
}
