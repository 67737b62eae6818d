import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'htmlparser2';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import type { Meeting, MeetingItem, Section } from '../../shared/domain/model.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { meetingIdFor } from '../../shared/parse/meeting-id.ts';
import { sectionKind } from '../../shared/parse/vocabulary.ts';
import type { AgendaIndex } from '../../shared/ports/agenda-index.port.ts';
import { fixture, fixtures, tempDir } from './fixtures.ts';

// The Greve FirstAgenda meetings (105 real answers of dagsordener.greve.dk) as Meetings, for the
// relevance suite. A small test-only mapping of the JSON, until the FirstAgenda reader lands:
// Dagsordenpunkter[].Punktnummer/Navn/SagsNummer, Felter[].Html cut at its h2/h3/h4 headings,
// Udvalg.Navn, Moede.Dato. Swap it for the real reader when that is merged.

interface FirstAgendaItem {
  Punktnummer: number;
  Navn: string;
  SagsNummer: string | null;
  Felter: { Html: string | null }[] | null;
  Bilag: { Navn?: string; Title?: string }[] | null;
}

interface FirstAgendaMeeting {
  Id: string;
  Udvalg: { Navn: string };
  Moede: { Dato: string; Sted: string | null };
  Dagsordenpunkter: FirstAgendaItem[];
}

export const GREVE_DIR = join(fixtures, 'firstagenda', 'greve');

/** An item's HTML as sections, each heading with the text up to the next heading. */
function sectionsOf(html: string): Section[] {
  const sections: Section[] = [];
  let heading = '';
  let inHeading = false;
  let headingText = '';
  let text = '';
  const flush = () => {
    const t = text.replace(/\s+/g, ' ').trim();
    if (t) sections.push({ heading: heading.trim(), text: t });
    text = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (/^h[1-6]$/.test(name)) {
          flush();
          inHeading = true;
          headingText = '';
        } else if (name === 'div' || name === 'p' || name === 'br' || name === 'li') text += '\n';
      },
      ontext(data) {
        if (inHeading) headingText += data;
        else text += data;
      },
      onclosetag(name) {
        if (/^h[1-6]$/.test(name)) {
          inHeading = false;
          heading = headingText.replace(/\s+/g, ' ');
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return sections;
}

function itemOf(raw: FirstAgendaItem, documentId: string): MeetingItem {
  const closed = /^lukket\b/i.test(raw.Navn.trim());
  const sections = closed ? [] : (raw.Felter ?? []).flatMap((f) => (f.Html ? sectionsOf(f.Html) : []));
  const decision = sections.find((s) => sectionKind(s.heading) === 'decision')?.text ?? null;
  return {
    number: raw.Punktnummer,
    title: raw.Navn.trim(),
    caseNumber: raw.SagsNummer?.trim() || null,
    closed,
    decision,
    sections,
    attachments: (raw.Bilag ?? []).map((b) => ({ name: b.Navn ?? b.Title ?? '' })).filter((b) => b.name),
    page: null,
    sources: [documentId],
  };
}

/** One FirstAgenda answer as a Meeting, its id made the way the parser makes it. */
export function greveMeeting(file: string): Meeting {
  const raw = JSON.parse(readFileSync(join(GREVE_DIR, file), 'utf8')) as FirstAgendaMeeting;
  const committee = raw.Udvalg.Navn.trim();
  const start = raw.Moede.Dato;
  const documentId = `greve-${raw.Id}`;
  return {
    id: meetingIdFor(committee, start, documentId),
    committee,
    title: null,
    kind: 'referat',
    start,
    end: null,
    location: raw.Moede.Sted,
    published: null,
    participants: [],
    absent: [],
    guests: [],
    items: raw.Dagsordenpunkter.map((i) => itemOf(i, documentId)),
    sources: [{ documentId, name: file, kind: 'referat' }],
  };
}

/** Every Greve meeting of the fixtures. */
export function greveMeetings(): Meeting[] {
  return readdirSync(GREVE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map(greveMeeting);
}

/** The real documents of the fixtures the relevance suite takes in besides the Greve meetings. */
export const REAL_DOCUMENTS = ['minutes', 'bilag', 'real', 'realworld'].flatMap((dir) =>
  readdirSync(join(fixtures, dir))
    .filter((f) => /\.(pdf|docx|html?)$/i.test(f))
    .map((f) => `${dir}/${f}`),
);

/**
 * The relevance corpus in `index`: the real PDFs, DOCX and HTML of the fixtures taken in through
 * the archive (extracted, parsed, merged, bilag linked), then the Greve meetings.
 */
export async function buildRelevanceCorpus(index: AgendaIndex): Promise<Archive> {
  const archive = new Archive({
    store: new FsDocumentStore(await tempDir()),
    index,
    extraction: localExtraction({ ocr: false }),
  });
  for (const path of REAL_DOCUMENTS)
    await archive.ingest({ name: path.split('/').pop()!, bytes: fixture(path) });
  for (const meeting of greveMeetings()) await index.putMeeting(meeting);
  return archive;
}
