// Dates and numbers as the pages show them (UTC, so server-rendered pages do not depend on the
// server's locale or zone).
import { type Html, html } from "./html.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function formatTime(isoOrMs: string | number): string {
  const d = new Date(isoOrMs);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}

export function time(isoOrMs: string | number | null): Html {
  if (isoOrMs === null) return html`<span>unknown time</span>`;
  const d = new Date(isoOrMs);
  return html`<time datetime="${d.toISOString()}">${formatTime(isoOrMs)}</time>`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
