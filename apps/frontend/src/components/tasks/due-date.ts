/** `<input type="date">` value (YYYY-MM-DD) → the API's date-time; due dates are whole UTC days. */
export function dueDateToApi(value: string): string | null {
  return value === '' ? null : `${value}T00:00:00.000Z`;
}

/** The API's date-time → `<input type="date">` value. */
export function dueDateToInput(value: string | null): string {
  return value ? value.slice(0, 10) : '';
}

/** A short readable date, in UTC so the day never shifts with the viewer's time zone. */
export function formatDueDate(value: string): string {
  return new Date(value).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
