// Files the planner hands the member: made in the page, saved by the browser.

/** Saves `content` as a file named `filename`. */
export function saveFile(filename, content, type = 'text/csv;charset=utf-8') {
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(new Blob([content], { type })), download: filename });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000); // once the browser has taken it
}

const quoted = (cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** Rows as CSV that Excel opens as UTF-8: a byte-order mark, CRLF line ends, quoted where needed. */
export const csv = (rows) => `\uFEFF${rows.map((row) => row.map((cell) => quoted(String(cell ?? ''))).join(',')).join('\r\n')}\r\n`;
