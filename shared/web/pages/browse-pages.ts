import type { CommitteeSummary } from '../../ports/agenda-index.port.ts';
import { count, danishDate, excerpt, itemLabel, kindName } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { timelineChart, type YearCount } from './timeline.ts';
import { committeePath, meetingPath } from './urls.ts';

/** A meeting as the committee page lists it. */
export interface MeetingSummary {
  id: string;
  start: string | null;
  kind: string;
  items: number;
  decisions: number;
  /** The first titles on the agenda, for a glance. */
  titles: string[];
}

export interface CommitteeModel {
  name: string;
  meetings: MeetingSummary[];
  years: YearCount[];
}

/** Every committee in the archive, with how many meetings and the years they span. */
export function committeesBody(committees: CommitteeSummary[]): SafeHtml {
  return html`<h1>Udvalg i arkivet</h1>
<p class="summary">${count(committees.length, 'udvalg', 'udvalg')} med møder i arkivet.</p>
<ul class="committees">${committees.map(
    (c) =>
      html`<li><a href="${committeePath(c.name)}">${c.name}</a> <span class="meta">${count(c.meetings, 'møde', 'møder')}${span(c.first, c.last)}</span></li>`,
  )}</ul>`;
}

/** ", 17. november 2022 – 4. oktober 2023", or one day when first and last are the same. */
function span(first: string | null, last: string | null): string {
  if (!first) return '';
  const a = danishDate(first);
  const b = danishDate(last);
  return a === b ? `, ${a}` : `, ${a} – ${b}`;
}

/** A committee: a timeline of meetings and decisions per year, then its meetings by year. */
export function committeeBody(model: CommitteeModel): SafeHtml {
  const byYear = new Map<string, MeetingSummary[]>();
  for (const m of model.meetings) {
    const year = m.start?.slice(0, 4) ?? 'ukendt';
    byYear.set(year, [...(byYear.get(year) ?? []), m]);
  }
  const decisions = model.meetings.reduce((s, m) => s + m.decisions, 0);
  return html`<h1>${model.name}</h1>
<p class="summary">${count(model.meetings.length, 'møde', 'møder')} og ${count(decisions, 'beslutning', 'beslutninger')} i arkivet. <a href="/?${String(new URLSearchParams({ committee: model.name }))}">Søg i udvalgets punkter</a> · <a href="/api/feed.atom?${String(new URLSearchParams({ committee: model.name }))}" type="application/atom+xml">Følg udvalget (Atom-feed)</a></p>
${timelineChart(model.years, model.name)}
${
  byYear.size > 1
    ? html`<nav class="year-nav" aria-label="År"><ul>${[...byYear.keys()].map((y) => html`<li><a href="#aar-${y}">${y === 'ukendt' ? 'Ukendt år' : y}</a></li>`)}</ul></nav>`
    : null
}
${[...byYear].map(
  ([year, meetings]) => html`<section class="year" id="aar-${year}" aria-labelledby="aar-${year}-title">
<h2 id="aar-${year}-title">${year === 'ukendt' ? 'Ukendt år' : year} <span class="count">${count(meetings.length, 'møde', 'møder')}</span></h2>
<ul class="meetings">${meetings.map(
    (m) =>
      html`<li><a href="${meetingPath(m.id)}">${m.start ? danishDate(m.start) : 'Møde uden dato'}</a> <span class="meta">${kindName(m.kind)} · ${count(m.items, 'punkt', 'punkter')}</span>${m.titles.length ? html`<div class="agenda-glance">${m.titles.join(' · ')}</div>` : null}</li>`,
  )}</ul>
</section>`,
)}`;
}

/** An item of a case's history. */
export interface CaseStep {
  meetingId: string;
  committee: string | null;
  start: string | null;
  number: number | string | null;
  title: string;
  decision: string | null;
}

/** A case through the committees: each time it was on an agenda, in date order, with its decision. */
export function caseBody(caseNumber: string, steps: CaseStep[]): SafeHtml {
  const title = steps.at(-1)?.title ?? caseNumber;
  const committees = [...new Set(steps.map((s) => s.committee ?? 'Ukendt udvalg'))];
  return html`<h1><span class="case-number">Sag ${caseNumber}</span> ${title}</h1>
<p class="summary">${count(steps.length, 'gang', 'gange')} på dagsordenen, i ${committees.join(', ')}.</p>
<ol class="case-steps">${steps.map(
    (s) => html`<li class="case-step">
<h2><a href="${meetingPath(s.meetingId, { number: s.number })}">${s.committee ?? 'Ukendt udvalg'}, ${danishDate(s.start)}</a></h2>
<p class="meta">Punkt ${itemLabel(s.number, s.title)}</p>
${s.decision ? html`<div class="decision"><h3><span class="decision-mark">Beslutning</span></h3><div class="text">${excerpt(s.decision, 1200)}</div></div>` : html`<p class="meta">Ingen beslutning i referatet.</p>`}
</li>`,
  )}</ol>`;
}

/** Something new in the archive: a document taken in, and the meeting it belongs to. */
export interface NewsEntry {
  documentName: string;
  kind: string | null;
  /** When the archive published it (took it in). */
  published: string;
  meetingId: string | null;
  committee: string | null;
  start: string | null;
  items: number;
  /** For a bilag: the number of the item that lists it. */
  bilagOf: string | null;
}

/** "Nyt i arkivet": what was published lately, newest first, by the day it came in. */
export function newsBody(entries: NewsEntry[]): SafeHtml {
  const byDay = new Map<string, NewsEntry[]>();
  for (const e of entries) {
    const day = e.published.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  return html`<h1>Nyt i arkivet</h1>
<p class="summary">Det senest offentliggjorte, nyeste først, efter den dag det kom i arkivet. <a class="feed" href="/api/feed.atom?sort=published" type="application/atom+xml">Følg nyt i arkivet (Atom-feed)</a></p>
${entries.length ? null : html`<p>Arkivet er tomt endnu.</p>`}
${[...byDay].map(
  ([day, list]) => html`<section class="news-day" aria-labelledby="nyt-${day}">
<h2 id="nyt-${day}">${danishDate(day)}</h2>
<ul class="news">${list.map(
    (e) =>
      html`<li>${
        e.meetingId
          ? html`<a href="${meetingPath(e.meetingId, { number: e.bilagOf })}">${e.committee ?? 'Ukendt udvalg'}, ${danishDate(e.start)}</a>`
          : html`<span>${e.documentName}</span>`
      } <span class="meta">${e.bilagOf ? `Bilag til punkt ${e.bilagOf}` : e.kind ? kindName(e.kind) : 'Dokument'}${e.items ? ` · ${count(e.items, 'punkt', 'punkter')}` : ''} · ${e.documentName}</span></li>`,
  )}</ul>
</section>`,
)}`;
}

/** The page for an address that leads nowhere. */
export function notFoundBody(what: string): SafeHtml {
  return html`<h1>Siden findes ikke</h1>
<p>${what}</p>
<p>Prøv at <a href="/">søge i arkivet</a>, se <a href="/udvalg">udvalgene</a> eller <a href="/nyt">det nyeste i arkivet</a>.</p>`;
}

/** The page when something failed on our side. */
export function errorBody(message: string): SafeHtml {
  return html`<h1>Noget gik galt</h1><p class="error" role="alert">${message}</p><p><a href="/">Til forsiden</a></p>`;
}
