import type { Meeting, MeetingItem } from '../../domain/model.ts';
import { count, danishDate, danishDateTime, excerpt, itemLabel, kindName } from './format.ts';
import { highlight, highlightStems } from './highlight.ts';
import { html, type SafeHtml } from './html.ts';
import { itemsInOrder, readableSections } from './reading.ts';
import { casePath, committeePath, documentFilePath } from './urls.ts';

/** The title a meeting is known by: its committee and day. */
export function meetingTitle(meeting: Meeting): string {
  const who = meeting.committee ?? meeting.title ?? 'Møde';
  return meeting.start ? `${who}, ${danishDate(meeting.start)}` : who;
}

/** One or two sentences for search engines and link previews: when, where, what was on the agenda. */
export function meetingDescription(meeting: Meeting): string {
  const items = itemsInOrder(meeting);
  const when = meeting.start ? ` den ${danishDate(meeting.start)}` : '';
  const what = items
    .filter((i) => !/^(eventuelt|godkendelse af dagsorden)/i.test(i.title))
    .slice(0, 3)
    .map((i) => i.title)
    .join('; ');
  return excerpt(
    `${kindName(meeting.kind)} af møde i ${meeting.committee ?? 'ukendt udvalg'}${when}, ${count(items.length, 'punkt', 'punkter')}${what ? `: ${what}` : ''}.`,
    300,
  );
}

const itemId = (item: MeetingItem, position: number) => `punkt-${item.number ?? `x${position + 1}`}`;

/** The meeting, made for reading: header, a table of contents, then each item, decision first. */
export function meetingBody(meeting: Meeting, q: string): SafeHtml {
  const stems = highlightStems(q);
  const items = itemsInOrder(meeting);
  const sourceName = new Map(meeting.sources.map((s) => [s.documentId, s.name]));
  const back = q ? `/?${new URLSearchParams({ q })}` : '/';
  const info: [string, SafeHtml | string][] = [
    [
      'Udvalg',
      meeting.committee
        ? html`<a href="${committeePath(meeting.committee)}">${meeting.committee}</a>`
        : 'Ukendt',
    ],
    [
      'Dato',
      meeting.start
        ? `${danishDateTime(meeting.start)}${meeting.end ? `–${danishDateTime(meeting.end).split(' kl. ')[1] ?? ''}` : ''}`
        : 'Ukendt',
    ],
  ];
  if (meeting.location) info.push(['Sted', meeting.location]);
  if (meeting.participants.length) info.push(['Deltagere', meeting.participants.join(', ')]);
  if (meeting.absent.length) info.push(['Afbud', meeting.absent.join(', ')]);
  if (meeting.guests.length) info.push(['Gæster', meeting.guests.join(', ')]);
  if (meeting.published) info.push(['Offentliggjort', danishDate(meeting.published)]);
  info.push([
    meeting.sources.length === 1 ? 'Kilde' : 'Kilder',
    html`${meeting.sources.map((s, i) => html`${i ? ', ' : ''}<a href="${documentFilePath(s.documentId)}">${s.name}</a>`)}`,
  ]);
  return html`<article class="meeting">
<p class="back no-print"><a href="${back}" class="back-link">← Tilbage til søgningen</a></p>
<h1>${meetingTitle(meeting)}</h1>
<p class="meeting-kind">${kindName(meeting.kind)}${meeting.title ? ` · ${meeting.title}` : ''}</p>
${stems.length ? html`<p class="highlight-note no-print">Ord fra søgningen <mark>${q}</mark> er fremhævet. <a href="${`/moeder/${encodeURIComponent(meeting.id)}`}">Vis uden fremhævning</a></p>` : null}
<dl class="meeting-info">${info.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
${
  items.length > 1
    ? html`<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">Punkter på mødet</h2>
<ol>${items.map((item, i) => html`<li><a href="#${itemId(item, i)}">${itemLabel(item.number, item.title)}</a>${item.closed ? html` <span class="tag">Lukket</span>` : null}</li>`)}</ol></nav>`
    : null
}
${items.map((item, i) => itemSection(item, i, stems, sourceName))}
</article>`;
}

function itemSection(
  item: MeetingItem,
  position: number,
  stems: string[],
  sourceName: ReadonlyMap<string, string>,
): SafeHtml {
  const id = itemId(item, position);
  const sections = item.closed ? [] : readableSections(item);
  const sources = item.sources.map((s) => sourceName.get(s)).filter((s): s is string => Boolean(s));
  return html`<section class="item" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${highlight(itemLabel(item.number, item.title), stems)}</h2>
${item.caseNumber ? html`<p class="meta">Sag <a class="case-link" href="${casePath(item.caseNumber)}">${item.caseNumber}</a></p>` : null}
${
  item.closed
    ? html`<p class="closed">Lukket punkt: teksten er ikke offentlig.</p>`
    : sections.length
      ? sections.map(
          (s) => html`<div class="${s.decision ? 'section decision' : 'section'}">
${s.heading ? html`<h3>${s.decision ? html`<span class="decision-mark">Beslutning</span> ` : null}${s.decision && /^beslutning(er)?$/i.test(s.heading) ? null : s.heading}</h3>` : null}
${s.alsoAs.length ? html`<p class="also">Samme tekst står i ${sources.length > 1 ? 'en anden kilde' : 'kilden'} under ${s.alsoAs.map((a, i) => html`${i ? ' og ' : ''}«${a}»`)}.</p>` : null}
<div class="text">${highlight(s.text, stems)}</div>
${s.variants.map((v) => html`<details class="variant"><summary>En anden kilde har en lidt anden ordlyd${v.heading ? ` under «${v.heading}»` : ''}</summary><div class="text">${highlight(v.text, stems)}</div></details>`)}
</div>`,
        )
      : html`<p class="closed">Punktet har ingen tekst i kilderne.</p>`
}
${
  // A closed item shows number and title only: not even the names of its bilag.
  !item.closed && item.attachments.length
    ? html`<h3>Bilag</h3><ul class="bilag">${item.attachments.map(
        (a) =>
          html`<li>${a.documentId ? html`<a href="${documentFilePath(a.documentId, 1)}">${a.name}</a>` : html`${a.name} <span class="meta">(ikke i arkivet)</span>`}</li>`,
      )}</ul>`
    : null
}
<p class="item-sources meta">${
    item.sources[0]
      ? html`<a href="${documentFilePath(item.sources[0], item.page)}">Se punktet i kildedokumentet${item.page ? ` (side ${item.page})` : ''}</a>`
      : null
  }${sources.length > 1 ? html` · Læst fra ${sources.join(', ')}` : null}</p>
</section>`;
}
