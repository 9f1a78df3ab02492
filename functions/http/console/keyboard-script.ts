/**
 * The console's only script, inlined in every page: keyboard shortcuts on top of plain links and forms, so every page
 * also works without it. j/k move through a list, Enter opens the selected row, / focuses the first filter, Escape
 * leaves a text field, ? shows the keys; any element with `data-key="x"` is clicked by the key x (s: same, d:
 * different, n: next pair, q: back to the queue). A form is sent once, however often its key is pressed.
 */
export const keyboardScript = `
(() => {
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const rows = () => Array.from(document.querySelectorAll('[data-row]'));
  let at = -1;
  const select = (i) => {
    const all = rows();
    if (!all.length) return;
    at = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((row, j) => row.classList.toggle('selected', j === at));
    all[at].scrollIntoView({ block: 'nearest' });
  };
  document.addEventListener('submit', (e) => {
    if (e.target.dataset.sent) e.preventDefault();
    e.target.dataset.sent = '1';
  });
  window.addEventListener('pageshow', () => {
    document.querySelectorAll('form[data-sent]').forEach((f) => { delete f.dataset.sent; });
  });
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const t = e.target;
    if (typing(t)) {
      if (e.key === 'Escape') t.blur();
      return;
    }
    if (e.key === 'j' || e.key === 'k') {
      select(at + (e.key === 'j' ? 1 : -1));
      e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && at >= 0 && !(t instanceof HTMLAnchorElement) && !(t instanceof HTMLButtonElement)) {
      const link = rows()[at] && rows()[at].querySelector('a[data-open]');
      if (link) { e.preventDefault(); link.click(); }
      return;
    }
    if (e.key === '/') {
      const field = document.querySelector('[data-filter]');
      if (field) { e.preventDefault(); field.focus(); }
      return;
    }
    if (e.key === '?') {
      const help = document.getElementById('keys-help');
      if (help) help.classList.toggle('open');
      return;
    }
    const target = document.querySelector('[data-key="' + CSS.escape(e.key) + '"]');
    if (!target) return;
    e.preventDefault();
    if (target.form && target.form.dataset.sent) return;
    target.click();
  });
  if (rows().length) select(0);
})();
`;
