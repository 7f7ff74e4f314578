// Inline SVG charts drawn on the server: no script, no styles in attributes (the CSP forbids
// inline styles), readable by screen readers through role="img" and a label. Text stays in HTML
// around the SVG so that stretching the SVG to the page's width never distorts it.
import type { Facet, Timeline } from "../story-data.ts";
import { formatTime, plural } from "./format.ts";
import { type Html, html } from "./html.ts";

function bucketLabel(ms: number): string {
  const min = ms / 60_000;
  if (min < 60) return `${min} minutes`;
  if (min < 1440) return min === 60 ? "1 hour" : `${min / 60} hours`;
  return min === 1440 ? "1 day" : `${min / 1440} days`;
}

export function timelineChart(t: Timeline): Html {
  if (t.buckets.length === 0) return html`<p>No articles yet.</p>`;
  const W = 640;
  const H = 120;
  const pad = 4;
  const max = Math.max(...t.buckets.map((b) => b.count));
  const bw = (W - 2 * pad) / t.buckets.length;
  const total = t.buckets.reduce((s, b) => s + b.count, 0);
  const first = t.buckets[0];
  // The axis runs from the first bar's start to the last bar's end.
  const end = Date.parse(t.buckets[t.buckets.length - 1].start) + t.bucketMs;
  const label = `Timeline: ${plural(total, "article")} from ${formatTime(first.start)} to ${formatTime(end)}, ${bucketLabel(t.bucketMs)} per bar; the first bar holds the first report.`;
  const bars = t.buckets.map((b, i) => {
    const h = max === 0 ? 0 : Math.max(b.count > 0 ? 2 : 0, ((H - pad) * b.count) / max);
    const x = pad + i * bw;
    return html`<rect class="${b.first ? "bar first" : "bar"}" x="${x.toFixed(1)}" y="${(H - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${`${formatTime(b.start)}: ${b.count} article${b.count === 1 ? "" : "s"}${b.first ? " (first report)" : ""}`}</title></rect>`;
  });
  return html`<figure class="chart">
<p class="tick-max" aria-hidden="true">${`${max} per bar at most`}</p>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}" preserveAspectRatio="none" class="timeline">
${bars}
<line class="axis" x1="0" y1="${H}" x2="${W}" y2="${H}" vector-effect="non-scaling-stroke"/>
</svg>
<p class="ticks" aria-hidden="true"><span>${formatTime(first.start)}</span><span>${formatTime(end)}</span></p>
<figcaption>${t.firstReporter ? html`First reported by <strong>${t.firstReporter.outlet}</strong> at ${formatTime(t.firstReporter.at)} (the first bar, in orange).` : ""} ${plural(total, "article")}, ${bucketLabel(t.bucketMs)} per bar.</figcaption>
</figure>`;
}

/**
 * Horizontal bars as a list: label and count are HTML text (same size at any width), each bar an
 * SVG stretched to its share (the CSP forbids style attributes, so no CSS widths).
 */
export function barChart(title: string, facets: Facet[], limit = 10): Html {
  const shown = facets.slice(0, limit);
  if (shown.length === 0) return html``;
  // One bar saying "unknown" for every article is no chart: say it in words.
  if (facets.length === 1 && facets[0].name === "unknown")
    return html`<figure class="chart bars"><figcaption>${title}</figcaption><p class="unknown">Not known for these outlets (the outlet table does not list them).</p></figure>`;
  const max = Math.max(...shown.map((f) => f.count));
  return html`<figure class="chart bars">
<figcaption>${title}${facets.length > limit ? ` (top ${limit} of ${facets.length})` : ""}</figcaption>
<ul class="bar-list">${shown.map(
    (f) =>
      html`<li><span class="bar-label">${f.name}</span><svg class="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="bar" x="0" y="0" width="${((100 * f.count) / max).toFixed(1)}" height="10"/></svg><span class="bar-count">${f.count}</span></li>`,
  )}</ul>
</figure>`;
}
