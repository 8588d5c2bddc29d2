/** Formats an ISO date-time for a report's header as "YYYY-MM-DD HH:MM UTC" (the machine's zone is not the reader's). */
export function formatReportDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
