import { html, type SafeHtml } from './html.ts';

export interface YearCount {
  year: string;
  meetings: number;
  decisions: number;
}

/**
 * A small bar chart of meetings and decisions per year, drawn on the server as SVG. The chart is
 * an image to a screen reader, with a one-sentence text alternative; the same figures follow as a
 * table. Colours come from the stylesheet (classes), not from style attributes.
 */
export function timelineChart(years: YearCount[], label: string): SafeHtml | null {
  if (!years.length) return null;
  const width = 640;
  const height = 180;
  const top = 20;
  const bottom = 28;
  const left = 8;
  const plot = height - top - bottom;
  // Each series on its own scale (decisions outnumber meetings many times over); the numbers
  // above the bars say what the heights cannot.
  const maxMeetings = Math.max(1, ...years.map((v) => v.meetings));
  const maxDecisions = Math.max(1, ...years.map((v) => v.decisions));
  const slot = (width - left * 2) / years.length;
  const bar = Math.max(4, Math.min(28, slot / 3));
  const y = (n: number, max: number) => top + plot - (n / max) * plot;
  const labels = slot >= 36;
  const total = (k: 'meetings' | 'decisions') => years.reduce((s, v) => s + v[k], 0);
  const busiest = [...years].sort((a, b) => b.meetings - a.meetings)[0]!;
  const alt = `${label}: ${total('meetings')} møder og ${total('decisions')} beslutninger fra ${years[0]!.year} til ${years.at(-1)!.year}; flest møder i ${busiest.year} (${busiest.meetings}).`;
  const step = Math.ceil(years.length / 12);
  return html`<figure class="timeline">
<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="timeline-title timeline-desc" class="timeline-chart" preserveAspectRatio="xMidYMid meet">
<title id="timeline-title">Møder og beslutninger pr. år</title>
<desc id="timeline-desc">${alt}</desc>
<line class="axis" x1="${left}" x2="${width - left}" y1="${top + plot}" y2="${top + plot}"></line>
${years.map((v, i) => {
  const x = left + i * slot + slot / 2;
  const ym = y(v.meetings, maxMeetings);
  const yd = y(v.decisions, maxDecisions);
  return html`<g>
<rect class="bar-meetings" x="${(x - bar - 1).toFixed(1)}" y="${ym.toFixed(1)}" width="${bar.toFixed(1)}" height="${(top + plot - ym).toFixed(1)}"><title>${v.year}: ${v.meetings} møder</title></rect>
<rect class="bar-decisions" x="${(x + 1).toFixed(1)}" y="${yd.toFixed(1)}" width="${bar.toFixed(1)}" height="${(top + plot - yd).toFixed(1)}"><title>${v.year}: ${v.decisions} beslutninger</title></rect>
${labels ? html`<text class="bar-value" x="${(x - bar / 2 - 1).toFixed(1)}" y="${(ym - 3).toFixed(1)}" text-anchor="middle">${v.meetings}</text><text class="bar-value" x="${(x + bar / 2 + 1).toFixed(1)}" y="${(yd - 3).toFixed(1)}" text-anchor="middle">${v.decisions}</text>` : null}
${i % step === 0 ? html`<text class="year-label" x="${x.toFixed(1)}" y="${height - 8}" text-anchor="middle">${v.year === 'ukendt' ? '?' : v.year}</text>` : null}
</g>`;
})}
</svg>
<figcaption><span class="key key-meetings"></span> Møder <span class="key key-decisions"></span> Beslutninger</figcaption>
</figure>
<table class="timeline-table">
<caption>Møder og beslutninger pr. år</caption>
<thead><tr><th scope="col">År</th><th scope="col">Møder</th><th scope="col">Beslutninger</th></tr></thead>
<tbody>${years.map((v) => html`<tr><th scope="row">${v.year === 'ukendt' ? 'Ukendt år' : v.year}</th><td>${v.meetings}</td><td>${v.decisions}</td></tr>`)}</tbody>
</table>`;
}
