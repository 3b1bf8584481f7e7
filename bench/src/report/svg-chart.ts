import { LatencyStats } from '../measure/latency-stats';
import { BenchResults } from './bench-results';

const WIDTH = 980;
const LABEL_WIDTH = 250;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - 170;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const COLORS = { raw: '#8a8f98', delivery: '#2f6fb3', isolation: '#2a9d8f', ingest: '#7b5ea7', target: '#e07a1f', lost: '#c0392b', grid: '#e3e6ea', text: '#222' };
const PERCENTILE_COLORS = ['#9ecae1', '#4292c6', '#08519c', '#525252'];
const PERCENTILES = ['p50', 'p95', 'p99', 'max'] as const;

/** A chart panel: SVG elements drawn from y = 0 down, and how tall they are. */
interface Panel {
  body: string;
  height: number;
}

interface RateBar {
  label: string;
  value: number;
  color: string;
  note: string;
}

interface LatencyGroup {
  label: string;
  stats: LatencyStats;
}

/**
 * The report's chart, as SVG text: deliveries per second of every scenario against the raw limit
 * and the 5,000/s target, and latency percentiles of the fixed-rate runs on a log scale.
 */
export function renderChart(results: BenchResults): string {
  const panels = [rateChart(results), latencyChart(results)].filter((panel): panel is Panel => panel !== undefined);
  let y = 20;
  const placed = panels.map((panel) => {
    const group = `<g transform="translate(0,${y})">${panel.body}</g>`;
    y += panel.height + 30;
    return group;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" ${FONT} font-size="13" fill="${COLORS.text}">`,
    `<rect width="${WIDTH}" height="${y}" fill="#ffffff"/>`,
    ...placed,
    '</svg>',
  ].join('\n');
}

function rateChart(results: BenchResults): Panel | undefined {
  const raw = results.raw?.perSecond;
  const ratio = (value: number) => (raw ? ` · ${(value / raw).toFixed(2)}× raw` : '');
  const bars: RateBar[] = [];
  if (raw) bars.push({ label: 'raw limit (no Hookline)', value: raw, color: COLORS.raw, note: '' });
  const delivery = (label: string, run: { deliveriesPerSecond: number; complete: boolean } | undefined, color: string) => {
    if (run) bars.push({ label, value: run.deliveriesPerSecond, color, note: `${ratio(run.deliveriesPerSecond)}${run.complete ? '' : ' · incomplete'}` });
  };
  delivery('throughput, 1 endpoint', results.throughput?.oneEndpoint.burst, COLORS.delivery);
  delivery(`throughput, ${results.throughput?.manyEndpoints.burst.endpoints} endpoints`, results.throughput?.manyEndpoints.burst, COLORS.delivery);
  delivery(`fan-out, ${results.fanout?.run.endpoints} endpoints`, results.fanout?.run, COLORS.delivery);
  delivery('isolation: healthy alone', results.isolation?.solo.burst, COLORS.isolation);
  delivery('isolation: healthy beside noisy', results.isolation?.noisy.burst, COLORS.isolation);
  delivery('isolation: healthy alone again', results.isolation?.soloAfter.burst, COLORS.isolation);
  if (results.ingest) bars.push({ label: 'ingest (HTTP requests/s)', value: results.ingest.requestsPerSecond, color: COLORS.ingest, note: ratio(results.ingest.requestsPerSecond) });
  if (bars.length === 0) return undefined;

  const top = 56;
  const rowHeight = 30;
  const plotHeight = bars.length * rowHeight;
  const max = niceCeiling(Math.max(5000, ...bars.map((bar) => bar.value)) * 1.05);
  const x = (value: number) => PLOT_LEFT + (value / max) * (PLOT_RIGHT - PLOT_LEFT);
  const parts = [
    title('Deliveries per second, end to end (accepted → receiver answered → attempt logged)', 'higher is better; ingest counts accepted HTTP requests'),
  ];
  for (let tick = 0; tick <= max; tick += max / 5) {
    parts.push(gridLine(x(tick), top - 6, top + plotHeight), text(x(tick), top + plotHeight + 16, thousands(tick), 'middle', 11));
  }
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    parts.push(text(LABEL_WIDTH, y + 18, bar.label, 'end'));
    parts.push(`<rect x="${PLOT_LEFT}" y="${y + 5}" width="${Math.max(1, x(bar.value) - PLOT_LEFT)}" height="${rowHeight - 10}" fill="${bar.color}"/>`);
    parts.push(text(x(bar.value) + 6, y + 18, `${thousands(bar.value)}/s${bar.note}`, 'start', 12));
  });
  parts.push(markerLine(x(5000), top - 6, top + plotHeight, 'target 5,000/s', COLORS.target));
  if (raw) parts.push(markerLine(x(raw * 0.4), top - 6, top + plotHeight, '0.4 × raw', COLORS.raw));
  return { body: parts.join('\n'), height: top + plotHeight + 36 };
}

function latencyChart(results: BenchResults): Panel | undefined {
  const groups: LatencyGroup[] = [];
  for (const rate of results.scale.latencyRates) {
    const raw = results.raw?.latency.find((run) => run.rate === rate);
    const hookline = results.latency?.runs.find((run) => run.rate === rate);
    if (raw) groups.push({ label: `raw limit at ${thousands(rate)}/s`, stats: raw.latency });
    if (hookline) groups.push({ label: `Hookline at ${thousands(rate)}/s`, stats: hookline.latency });
  }
  if (results.isolation) {
    groups.push({ label: `isolation: healthy alone, ${thousands(results.isolation.solo.paced.rate)}/s`, stats: results.isolation.solo.paced.latency });
    groups.push({ label: `isolation: healthy beside noisy`, stats: results.isolation.noisy.paced.latency });
    groups.push({ label: `isolation: healthy alone again`, stats: results.isolation.soloAfter.paced.latency });
  }
  if (groups.length === 0) return undefined;

  const top = 76;
  const barHeight = 8;
  const groupHeight = PERCENTILES.length * (barHeight + 2) + 14;
  const plotHeight = groups.length * groupHeight;
  const finite = groups.flatMap((group) => PERCENTILES.map((p) => group.stats[p])).filter((value): value is number => value !== null && value > 0);
  const minDecade = Math.floor(Math.log10(Math.min(0.1, ...finite)));
  const maxDecade = Math.max(2, Math.ceil(Math.log10(Math.max(...finite, 1))));
  const x = (ms: number) => PLOT_LEFT + ((Math.log10(Math.max(ms, 10 ** minDecade)) - minDecade) / (maxDecade - minDecade)) * (PLOT_RIGHT - PLOT_LEFT);
  const parts = [
    title('Latency, publish (or send) → receipt at the receiver, fixed-rate runs', 'milliseconds, log scale; lower is better; dashed: the p99 targets, 25 ms at 500/s and 50 ms at 2,000/s'),
  ];
  PERCENTILES.forEach((name, i) => {
    parts.push(`<rect x="${PLOT_LEFT + i * 90}" y="44" width="12" height="12" fill="${PERCENTILE_COLORS[i]}"/>`, text(PLOT_LEFT + i * 90 + 17, 54, name, 'start', 12));
  });
  parts.push(`<rect x="${PLOT_LEFT + 4 * 90}" y="44" width="12" height="12" fill="${COLORS.lost}"/>`, text(PLOT_LEFT + 4 * 90 + 17, 54, 'not delivered (lost)', 'start', 12));
  for (let decade = minDecade; decade <= maxDecade; decade++) {
    const value = 10 ** decade;
    parts.push(gridLine(x(value), top - 6, top + plotHeight), text(x(value), top + plotHeight + 16, `${thousands(value)} ms`, 'middle', 11));
  }
  groups.forEach((group, g) => {
    const y = top + g * groupHeight;
    parts.push(text(LABEL_WIDTH, y + groupHeight / 2 + 2, group.label, 'end'));
    PERCENTILES.forEach((name, i) => {
      const value = group.stats[name];
      const barY = y + 6 + i * (barHeight + 2);
      const end = value === null ? PLOT_RIGHT : x(value);
      const color = value === null ? COLORS.lost : PERCENTILE_COLORS[i];
      parts.push(`<rect x="${PLOT_LEFT}" y="${barY}" width="${Math.max(1, end - PLOT_LEFT)}" height="${barHeight}" fill="${color}"/>`);
      parts.push(text(end + 5, barY + barHeight - 0.5, value === null ? `${name} lost` : `${name} ${formatMs(value)}`, 'start', 10));
    });
  });
  parts.push(markerLine(x(25), top - 6, top + plotHeight, '25', COLORS.target));
  parts.push(markerLine(x(50), top - 6, top + plotHeight, '50', COLORS.target));
  return { body: parts.join('\n'), height: top + plotHeight + 36 };
}

function title(heading: string, subtitle: string): string {
  return [text(20, 16, heading, 'start', 16, 'bold'), text(20, 34, subtitle, 'start', 12)].join('\n');
}

function gridLine(x: number, y1: number, y2: number): string {
  return `<line x1="${x}" y1="${y1}" x2="${x}" y2="${y2}" stroke="${COLORS.grid}"/>`;
}

/** A dashed vertical line with its label under the axis. */
function markerLine(x: number, y1: number, y2: number, label: string, color: string): string {
  return [
    `<line x1="${x}" y1="${y1}" x2="${x}" y2="${y2}" stroke="${color}" stroke-width="1.5" stroke-dasharray="5,4"/>`,
    text(x, y2 + 30, label, 'middle', 11, 'normal', color),
  ].join('\n');
}

/** A label; the white outline keeps it legible where it crosses a grid or target line. */
function text(x: number, y: number, content: string, anchor: 'start' | 'middle' | 'end', size = 13, weight = 'normal', color = COLORS.text): string {
  const escaped = content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<text x="${x}" y="${y}" text-anchor="${anchor}" font-size="${size}" font-weight="${weight}" fill="${color}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escaped}</text>`;
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`, so axis ticks fall on round numbers. */
function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

function thousands(value: number): string {
  return Math.round(value * 100) / 100 >= 1 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 100) / 100);
}

function formatMs(value: number): string {
  return value >= 100 ? `${Math.round(value)}` : value.toFixed(1);
}
