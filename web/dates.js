// Consultation dates are calendar dates, "YYYY-MM-DD"; shown as "3 March 2027".
const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const month = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const DAY = 86_400_000;

const utc = (date) => new Date(`${date}T00:00:00Z`);
export const formatDate = (date) => long.format(utc(date));
export const formatShort = (date) => short.format(utc(date));
export const formatMonth = (date, { year = false } = {}) => (year ? monthYear : month).format(utc(date));
export const addDays = (date, days) => new Date(utc(date).getTime() + days * DAY).toISOString().slice(0, 10);
export const daysBetween = (a, b) => Math.round((utc(b) - utc(a)) / DAY);
export const formatRange = (start, end) => `${formatDate(start)} to ${formatDate(end)}`;
/** When an area exists, if it has not always: "from 6 May 2027", "until 5 May 2027", or both. */
export function formatValidity(validFrom, validTo) {
  if (validFrom && validTo) return formatRange(validFrom, validTo);
  if (validFrom) return `from ${formatDate(validFrom)}`;
  return validTo ? `until ${formatDate(validTo)}` : '';
}

/** Today in London, as a calendar date. */
export function today() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

/** The Monday on or before a date. */
export function mondayOf(date) {
  const weekday = (utc(date).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}
