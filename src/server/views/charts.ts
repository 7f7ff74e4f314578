// Inline SVG charts drawn on the server: no script, no styles in attributes (the CSP forbids
// inline styles), readable by screen readers through role="img", a label and a data table.
import type { Facet, Timeline } from "../story-data.ts";
import { formatTime } from "./format.ts";
import { type Html, html } from "./html.ts";

export function timelineChart(t: Timeline): Html {
  if (t.buckets.length === 0) return html`<p>No articles yet.</p>`;
  const W = 640;
  const H = 160;
  const pad = 24;
  const max = Math.max(...t.buckets.map((b) => b.count));
  const bw = (W - 2 * pad) / t.buckets.length;
  const total = t.buckets.reduce((s, b) => s + b.count, 0);
  const first = t.buckets[0];
  const last = t.buckets[t.buckets.length - 1];
  const label = `Timeline: ${total} articles from ${formatTime(first.start)} to ${formatTime(last.start)}, ${t.bucketMs / 60_000} minutes per bar; the first bar holds the first report.`;
  const bars = t.buckets.map((b, i) => {
    const h = max === 0 ? 0 : Math.max(b.count > 0 ? 2 : 0, ((H - 2 * pad) * b.count) / max);
    const x = pad + i * bw;
    return html`<rect class="${b.first ? "bar first" : "bar"}" x="${x.toFixed(1)}" y="${(H - pad - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${`${formatTime(b.start)}: ${b.count} article${b.count === 1 ? "" : "s"}${b.first ? " (first report)" : ""}`}</title></rect>`;
  });
  return html`<figure class="chart">
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}" preserveAspectRatio="none" class="timeline">
<line class="axis" x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}"/>
${bars}
<text class="tick" x="${pad}" y="${H - 6}">${formatTime(first.start)}</text>
<text class="tick" x="${W - pad}" y="${H - 6}" text-anchor="end">${formatTime(last.start)}</text>
<text class="tick" x="${pad}" y="14">${`max ${max}`}</text>
</svg>
<figcaption>${t.firstReporter ? html`First reported by <strong>${t.firstReporter.outlet}</strong> at ${formatTime(t.firstReporter.at)}.` : ""} ${total} articles, ${t.bucketMs / 60_000} minutes per bar.</figcaption>
</figure>`;
}

/** Horizontal bars with their labels and counts, as an SVG with a matching caption. */
export function barChart(title: string, facets: Facet[], limit = 10): Html {
  const shown = facets.slice(0, limit);
  if (shown.length === 0) return html``;
  const row = 26;
  const W = 480;
  const labelW = 190;
  const max = Math.max(...shown.map((f) => f.count));
  const H = row * shown.length + 4;
  const label = `${title}: ${shown.map((f) => `${f.name} ${f.count}`).join(", ")}`;
  return html`<figure class="chart bars">
<figcaption>${title}${facets.length > limit ? ` (top ${limit} of ${facets.length})` : ""}</figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}">
${shown.map((f, i) => {
  const w = ((W - labelW - 40) * f.count) / max;
  const y = i * row + 2;
  return html`<text class="label" x="${labelW - 8}" y="${y + 17}" text-anchor="end">${f.name.length > 28 ? `${f.name.slice(0, 27)}…` : f.name}</text><rect class="bar" x="${labelW}" y="${y + 4}" width="${Math.max(2, w).toFixed(1)}" height="${row - 8}"/><text class="count" x="${(labelW + w + 6).toFixed(1)}" y="${y + 17}">${f.count}</text>`;
})}
</svg>
</figure>`;
}
