/**
 * Allowed/denied per role over time as inline SVG (no script, no library): one row per role,
 * the time range cut into equal buckets, each bucket a stacked bar (allowed below, denied on
 * top). Colours come from the stylesheet, so the chart follows light and dark.
 */
import { html, type Html } from './html.js';

export interface ChartPoint {
  role: string;
  time: Date;
  decision: 'allowed' | 'denied';
}

const BUCKETS = 24;
const LABEL_WIDTH = 180;
const BAR_AREA = 480;
const ROW_HEIGHT = 34;
const MAX_ROLES = 8;

export function decisionChart(points: readonly ChartPoint[]): Html {
  if (points.length === 0) return html``;
  const times = points.map((p) => p.time.getTime());
  const start = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - start + 1);
  const byRole = new Map<string, Array<{ allowed: number; denied: number }>>();
  for (const p of points) {
    let buckets = byRole.get(p.role);
    if (buckets === undefined) {
      buckets = Array.from({ length: BUCKETS }, () => ({ allowed: 0, denied: 0 }));
      byRole.set(p.role, buckets);
    }
    const bucket = buckets[Math.min(BUCKETS - 1, Math.floor(((p.time.getTime() - start) / span) * BUCKETS))]!;
    bucket[p.decision]++;
  }
  const roles = [...byRole.entries()].slice(0, MAX_ROLES);
  const peak = Math.max(1, ...roles.flatMap(([, b]) => b.map((x) => x.allowed + x.denied)));
  const barWidth = BAR_AREA / BUCKETS;
  const height = roles.length * ROW_HEIGHT + 20;
  const rows = roles.map(([role, buckets], r) => {
    const base = (r + 1) * ROW_HEIGHT;
    const totals = buckets.reduce((t, b) => ({ allowed: t.allowed + b.allowed, denied: t.denied + b.denied }), { allowed: 0, denied: 0 });
    const bars = buckets.map((b, i) => {
      const x = LABEL_WIDTH + i * barWidth;
      const ah = (b.allowed / peak) * (ROW_HEIGHT - 8);
      const dh = (b.denied / peak) * (ROW_HEIGHT - 8);
      return html`${ah > 0 ? html`<rect class="bar-allowed" x="${x.toFixed(1)}" y="${(base - ah).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${ah.toFixed(1)}"/>` : ''}${dh > 0 ? html`<rect class="bar-denied" x="${x.toFixed(1)}" y="${(base - ah - dh).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${dh.toFixed(1)}"/>` : ''}`;
    });
    return html`<g><title>${role}: ${totals.allowed} allowed, ${totals.denied} denied</title>
<text x="0" y="${base - 10}">${role.length > 24 ? `${role.slice(0, 23)}…` : role}</text>
<text x="0" y="${base + 2}" class="muted">${totals.allowed} ✓ ${totals.denied} ✗</text>
<line class="axis" x1="${LABEL_WIDTH}" x2="${LABEL_WIDTH + BAR_AREA}" y1="${base}" y2="${base}"/>${bars}</g>`;
  });
  const from = new Date(start).toISOString().replace(/\.\d+Z$/, 'Z');
  const to = new Date(start + span).toISOString().replace(/\.\d+Z$/, 'Z');
  return html`<figure class="panel">
<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${LABEL_WIDTH + BAR_AREA} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
<title id="chart-title">Allowed (green) and denied (red) decisions per role, ${from} to ${to}</title>
${rows}
</svg>
<figcaption class="muted">Allowed (green) and denied (red) per role, ${from} → ${to}, in ${BUCKETS} equal intervals.</figcaption>
</figure>`;
}
