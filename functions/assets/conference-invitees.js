// v-conference room form: the invitee picker and the invitation header. The page works without
// this file (ticked boxes, a Search button that posts the form, the header made by the server).
'use strict';

(() => {
  const picker = document.querySelector('[data-invitee-picker]');
  const input = picker && picker.querySelector('#f-inviteSearch');
  // A started room's form is disabled through its fieldset, which input.disabled does not show.
  if (!picker || !input || input.matches(':disabled')) return;

  const chips = picker.querySelector('[data-invitee-chips]');
  const none = picker.querySelector('[data-invitee-none]');
  const listbox = picker.querySelector('#invitee-options');
  const status = picker.querySelector('[data-invitee-status]');
  const text = (key, params) => (picker.getAttribute(`data-text-${key}`) || '').replace(/\{(\w+)\}/g, (_, k) => (params && k in params ? String(params[k]) : ''));
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

  for (const el of picker.querySelectorAll('[data-invitee-nojs]')) el.hidden = true;
  // The search box has no meaning for the server once the picker runs here.
  input.removeAttribute('name');

  const say = (message) => {
    status.textContent = '';
    // A fresh text node, so screen readers announce the same message twice in a row too.
    requestAnimationFrame(() => (status.textContent = message));
  };
  const chosenValues = (name) => [...chips.querySelectorAll(`input[name="${name}"]`)].map((i) => i.value);
  const refreshNone = () => (none.hidden = chips.children.length > 0);

  // A chip: the value the form posts, the label, and a remove button.
  function chip(name, value, label, who) {
    const li = document.createElement('li');
    li.className = 'invitee-chip';
    li.setAttribute('data-chip-name', who);
    const hidden = Object.assign(document.createElement('input'), { type: 'hidden', name, value });
    const span = Object.assign(document.createElement('span'), { textContent: label });
    const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'invitee-remove', textContent: '×' });
    remove.setAttribute('aria-label', text('remove', { name: who }));
    remove.setAttribute('data-invitee-remove', '');
    li.append(hidden, span, remove);
    return li;
  }

  // Server-made chips are ticked boxes; they become the same chips as picked ones.
  for (const li of [...chips.children]) {
    const box = li.querySelector('input[type="checkbox"]');
    if (!box) continue;
    const label = li.querySelector('span')?.textContent || box.value;
    li.replaceWith(chip(box.name, box.value, label, li.getAttribute('data-chip-name') || label));
  }

  function removeChip(li) {
    const who = li.getAttribute('data-chip-name');
    li.remove();
    refreshNone();
    say(text('removed', { name: who }));
    input.focus();
  }

  chips.addEventListener('click', (event) => {
    const button = event.target.closest('[data-invitee-remove]');
    if (button) removeChip(button.closest('li'));
  });

  // ---- the listbox of people found ----
  let options = [];
  let active = -1;
  let serial = 0;
  let timer = 0;

  function close() {
    listbox.hidden = true;
    listbox.textContent = '';
    options = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(index) {
    active = index;
    listbox.querySelectorAll('[role="option"]').forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    const current = listbox.children[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function show(found, query) {
    listbox.textContent = '';
    const users = chosenValues('inviteUsers');
    const emails = chosenValues('inviteEmail');
    const address = query.toLowerCase();
    options = found.filter((u) => !users.includes(u.id)).map((u) => ({ kind: 'user', value: u.id, name: u.fullName, label: [u.fullName, u.email, u.extensions.length ? text('extensions', { numbers: u.extensions.join(', ') }) : ''].filter(Boolean).join(' · ') }));
    if (EMAIL.test(address) && !emails.includes(address) && !found.some((u) => u.email === address)) options.unshift({ kind: 'email', value: address, name: address, label: text('add-email', { email: address }) });
    options.forEach((o, i) => {
      const li = Object.assign(document.createElement('li'), { id: `invitee-option-${i}`, textContent: o.label });
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      listbox.append(li);
    });
    listbox.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
    setActive(options.length ? 0 : -1);
    say(options.length ? text('found', { n: options.length }) : text('no-match', { q: query }));
  }

  async function search() {
    const query = input.value.trim();
    const mine = ++serial;
    if (!query) return close();
    try {
      const url = `${picker.getAttribute('data-search-url')}?q=${encodeURIComponent(query)}`;
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      // A slower answer to an older query must not replace the newer one.
      if (mine === serial) show(body.candidates, query);
    } catch {
      if (mine === serial) say(text('failed'));
    }
  }

  function pick(option) {
    chips.append(chip(option.kind === 'user' ? 'inviteUsers' : 'inviteEmail', option.value, option.kind === 'user' ? option.label : option.value, option.name));
    refreshNone();
    input.value = '';
    close();
    say(text('added', { name: option.name }));
    input.focus();
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });

  input.addEventListener('keydown', (event) => {
    const open = options.length > 0 && !listbox.hidden;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return void search();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      // Enter picks; it never submits the room half-filled.
      if (!input.value.trim()) return;
      event.preventDefault();
      if (open && options[active]) pick(options[active]);
      else if (EMAIL.test(input.value.trim())) pick({ kind: 'email', value: input.value.trim().toLowerCase(), name: input.value.trim().toLowerCase() });
      else search();
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    } else if (event.key === 'Backspace' && !input.value && chips.lastElementChild) {
      event.preventDefault();
      removeChip(chips.lastElementChild);
    }
  });

  // A pointer keeps the focus in the box while choosing.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const li = event.target.closest('[role="option"]');
    const index = li ? [...listbox.children].indexOf(li) : -1;
    if (options[index]) pick(options[index]);
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
})();

// ---- the invitation header, rebuilt as the room's fields are typed ----
(() => {
  const header = document.querySelector('[data-invitation-header]');
  const form = header && header.form;
  if (!header || !form) return;
  const labels = JSON.parse(header.getAttribute('data-labels') || '{}');
  const sites = JSON.parse(header.getAttribute('data-sites') || '[]');
  const locale = header.getAttribute('data-locale') || undefined;
  const field = (name) => (form.elements.namedItem(name) ? form.elements.namedItem(name).value.trim() : '');
  // A datetime-local value is already the site's wall-clock time: format it as UTC to keep it.
  const wallClock = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });
  const local = (value) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
    return m ? wallClock.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]))) : null;
  };

  function rebuild() {
    const site = sites.find((s) => s.id === field('siteId')) || sites[0] || { code: '', zone: 'UTC' };
    const number = field('number');
    const start = local(field('startsAt'));
    const end = local(field('endsAt'));
    if (!number || !start || !end) return void (header.value = '');
    header.value = [
      `${labels.room}: ${number}`,
      `${labels.subject}: ${field('subject')}`,
      `${labels.pin}: ${field('participantPin')}`,
      `${labels.dialIn}: ${site.code}${number} + ${labels.pinWord}`,
      `${labels.start}: ${start} (${site.zone})`,
      `${labels.end}: ${end} (${site.zone})`,
    ].join('\n');
  }

  form.addEventListener('input', (event) => {
    if (['siteId', 'number', 'subject', 'participantPin', 'startsAt', 'endsAt'].includes(event.target.name)) rebuild();
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'siteId' || event.target.type === 'datetime-local') rebuild();
  });
})();
