// Ramal's page behaviour: small progressive enhancements. Every page works without it.
'use strict';

document.documentElement.classList.add('js');

function csrfToken() {
  const field = document.querySelector('input[name="_csrf"]');
  return field ? field.value : '';
}

// Language and page-size menus submit when picked with a pointer. With the keyboard each arrow
// press is a change, so those users confirm with the Apply button instead of passing through
// every option.
let pickedByPointer = false;
document.addEventListener('pointerdown', (event) => {
  pickedByPointer = Boolean(event.target.closest('form[data-autosubmit] select'));
});
document.addEventListener('keydown', () => {
  pickedByPointer = false;
});
document.addEventListener('change', (event) => {
  const form = event.target.closest('form[data-autosubmit]');
  if (form && event.target.matches('select') && pickedByPointer) form.requestSubmit();
});

// Select-all checkbox of a table; picking any row also clears the "select a row" note.
document.addEventListener('change', (event) => {
  if (event.target.matches('input[name="ids"], [data-select-all]')) event.target.form?.querySelector('.selection-note')?.remove();
  if (!event.target.matches('[data-select-all]')) return;
  const table = event.target.closest('table');
  for (const box of table.querySelectorAll('tbody input[type="checkbox"][name="ids"]')) box.checked = event.target.checked;
});

// Bulk buttons: refuse with no selection, ask before destructive actions.
document.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  if (!button) return;
  const form = button.form;
  if (button.hasAttribute('data-needs-selection') && form && !form.querySelector('input[name="ids"]:checked')) {
    event.preventDefault();
    const note = form.querySelector('.selection-note') || document.createElement('p');
    note.className = 'selection-note field-error';
    note.setAttribute('role', 'alert');
    note.textContent = button.getAttribute('data-needs-selection');
    button.parentElement.after(note);
    return;
  }
  const question = button.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});

// Copy a secret to the clipboard.
document.addEventListener('click', async (event) => {
  const button = event.target.closest('[data-copy]');
  if (!button) return;
  const input = document.getElementById(button.getAttribute('data-copy'));
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    button.classList.add('done');
  } catch {
    document.execCommand('copy');
  }
});

// Fields shown only for one choice of a select (e.g. HTTP connector settings).
function applyShowWhen() {
  for (const block of document.querySelectorAll('[data-show-when]')) {
    const [name, value] = block.getAttribute('data-show-when').split('=');
    const control = document.querySelector(`[name="${name}"]`);
    if (control) block.hidden = control.value !== value;
  }
}
document.addEventListener('change', (event) => {
  if (event.target.matches('select')) applyShowWhen();
});
applyShowWhen();

// Dashboard gadgets (and live views, with data-refresh-ms) refresh without reloading the page.
const REFRESH_MS = 15000;
async function refreshOne(body) {
  // Replacing what holds the keyboard focus would throw the user back to the top of the page.
  if (body.contains(document.activeElement) && document.activeElement !== body) return;
  try {
    const response = await fetch(body.getAttribute('data-refresh'), { headers: { 'x-requested-with': 'fetch' }, credentials: 'same-origin' });
    if (response.ok) body.innerHTML = await response.text();
  } catch {
    // Offline for a moment: keep the last numbers and try again on the next round.
  }
}
for (const body of document.querySelectorAll('[data-refresh]')) {
  setInterval(() => refreshOne(body), Number(body.getAttribute('data-refresh-ms')) || REFRESH_MS);
}

// Drag gadgets to reorder them; the order is saved for the user.
const board = document.querySelector('[data-sortable-gadgets]');
if (board) {
  let dragged = null;
  board.addEventListener('dragstart', (event) => {
    dragged = event.target.closest('[data-gadget-id]');
    if (dragged) dragged.classList.add('dragging');
  });
  board.addEventListener('dragover', (event) => {
    if (!dragged) return;
    event.preventDefault();
    const over = event.target.closest('[data-gadget-id]');
    if (!over || over === dragged) return;
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2 || event.clientX > box.left + box.width / 2;
    over.parentElement.insertBefore(dragged, after ? over.nextSibling : over);
  });
  board.addEventListener('dragend', async () => {
    if (!dragged) return;
    dragged.classList.remove('dragging');
    dragged = null;
    const body = new URLSearchParams({ action: 'order', _csrf: csrfToken() });
    for (const gadget of board.querySelectorAll('[data-gadget-id]')) body.append('order', gadget.getAttribute('data-gadget-id'));
    await fetch('/dashboard/layout', { method: 'POST', body, headers: { 'x-requested-with': 'fetch' }, credentials: 'same-origin' });
  });
}

// On phones the menu is a row that scrolls sideways. Chromium scrolls a focused link only when it
// is wholly hidden, so one reached with Tab could stay half cut off; the current page's link shows too.
const menu = document.querySelector('.nav-menu nav');
if (menu) {
  const reveal = (link) => link.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  menu.addEventListener('focusin', (event) => reveal(event.target));
  const current = menu.querySelector('[aria-current="page"]');
  if (current && menu.scrollWidth > menu.clientWidth) reveal(current);
}

// A form that comes back with errors puts the focus on their summary, so keyboard and screen
// reader users learn what to fix and reach each field from its link.
const summary = document.querySelector('.error-summary[tabindex]');
if (summary) summary.focus();

// Secrets are selected on focus so they are easy to copy on phones.
document.addEventListener('focusin', (event) => {
  if (event.target.matches('[data-select-on-focus]')) event.target.select();
});

// ---- v-mailer (voicemail pages) -----------------------------------------------------------
// Player speed: the select beside each message's player sets its rate (kept across reloads of
// the source, which reset playbackRate to defaultPlaybackRate).
document.addEventListener('change', (event) => {
  const select = event.target.closest('select[data-vm-speed]');
  if (!select) return;
  const audio = document.getElementById(select.getAttribute('data-vm-speed'));
  if (!audio) return;
  const rate = Number(select.value) || 1;
  audio.defaultPlaybackRate = rate;
  audio.playbackRate = rate;
});

// A message played to its end counts as heard: the server is told and the row loses its bold.
// Media events do not bubble, hence the capture phase.
document.addEventListener(
  'ended',
  async (event) => {
    const audio = event.target;
    const id = audio instanceof HTMLMediaElement ? audio.getAttribute('data-vm-message') : null;
    if (!id) return;
    const res = await fetch('/voicemail/heard', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrfToken() },
      body: new URLSearchParams({ id }),
    });
    if (!res.ok) return;
    const row = audio.closest('tr');
    for (const strong of row ? row.querySelectorAll('strong[data-vm-unheard]') : []) strong.replaceWith(document.createTextNode(strong.textContent));
    row?.querySelector('button[formaction="/voicemail/heard"]')?.remove();
  },
  true,
);

// E-mail template: "insert field" puts the chosen {field} at the cursor of its subject or body.
for (const box of document.querySelectorAll('[data-vm-insert][hidden]')) box.hidden = false;
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-vm-insert-from]');
  if (!button) return;
  const picker = document.getElementById(button.getAttribute('data-vm-insert-from'));
  const field = document.getElementById(button.getAttribute('data-vm-insert-into'));
  if (!picker || !field) return;
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  field.setRangeText(picker.value, start, end, 'end');
  field.focus();
});
