// A wide table scrolls within itself on a phone, never the page: every table the views draw is
// held in a region that may scroll (.scrolls), which the keyboard can reach and a screen reader
// names by the table's caption. Done here once for every view, as they draw their tables.
export function keepTablesScrollable(root) {
  const hold = () => {
    for (const table of root.querySelectorAll('table')) {
      let box = table.parentElement;
      if (!box.classList.contains('scrolls')) {
        box = Object.assign(document.createElement('div'), { className: 'scrolls' });
        table.replaceWith(box);
        box.append(table);
      }
      if (box.hasAttribute('tabindex')) continue;
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', table.caption?.textContent.trim() || 'Table');
    }
  };
  new MutationObserver(hold).observe(root, { childList: true, subtree: true });
}
