import type { Finding } from './types.js';

/** How many of a finding's clients text and HTML show; the JSON lists more. */
const SHOWN_CLIENTS = 5;

/** The clients a finding shows, and how many more there were. */
export function shownClients(f: Finding): { shown: NonNullable<Finding['clients']>; more: number } {
  const clients = f.clients ?? [];
  const shown = clients.slice(0, SHOWN_CLIENTS);
  return { shown, more: Math.max(0, (f.clientCount ?? clients.length) - shown.length) };
}
