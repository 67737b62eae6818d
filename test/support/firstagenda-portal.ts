import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A request the stand-in portal answered. */
export interface PortalRequest {
  path: string;
  status: number;
}

export interface LocalPortal {
  baseUrl: string;
  requests: PortalRequest[];
  /** Answer the next `times` requests for `path` with `status` (a flaky portal). */
  failNext(path: string, status: number, times?: number): void;
  /** Serve another answer for a meeting (the minutes after the agenda). */
  replace(file: string): void;
  close(): Promise<void>;
}

interface Served {
  answer: Record<string, unknown> & { Id: string };
  bytes: Buffer;
}

/**
 * A stand-in FirstAgenda Publication portal on 127.0.0.1 serving meeting answers under the paths
 * the real one uses: `/api/agenda/udvalgsliste`, `/api/agenda/dagsorden/{id}`, `/Vis/Pdf/bilag/{id}`
 * (a small PDF naming the bilag). Nothing here reaches a real portal.
 */
export async function startLocalPortal(files: string[]): Promise<LocalPortal> {
  const meetings = new Map<string, Served>();
  const bilag = new Map<string, string>();
  const add = (file: string) => {
    const bytes = readFileSync(file);
    const answer = JSON.parse(bytes.toString('utf8')) as Served['answer'];
    meetings.set(answer.Id, { answer, bytes });
    for (const item of answer.Dagsordenpunkter as { Bilag?: { Id: string; Navn: string }[] }[])
      for (const b of item.Bilag ?? []) bilag.set(b.Id, b.Navn);
  };
  for (const file of files) add(file);
  const failures = new Map<string, { status: number; times: number }>();
  const pdfs = new Map<string, Uint8Array>();
  const requests: PortalRequest[] = [];

  const committeeList = () => {
    const committees = new Map<string, { Id: string; Navn: string; Historisk: boolean; Moeder: unknown[] }>();
    for (const { answer } of meetings.values()) {
      const udvalg = answer.Udvalg as { Id: string; Navn: string };
      const moede = answer.Moede as Record<string, unknown>;
      const c = committees.get(udvalg.Id) ?? {
        Id: udvalg.Id,
        Navn: udvalg.Navn,
        Historisk: false,
        Moeder: [],
      };
      committees.set(udvalg.Id, c);
      c.Moeder.push({
        Id: answer.Id,
        Dato: moede.Dato,
        MeetingBeginUtc: moede.MeetingBeginUtc,
        ReleasedDate: moede.ReleasedDate,
        Sted: moede.Sted,
        Afsluttet: moede.Afsluttet,
        Navn: moede.Navn,
        IsSupplementaryAgenda: moede.IsSupplementaryAgenda,
      });
    }
    return { Udvalg: { 'Udvalg 2022-2025': [...committees.values()] } };
  };

  const pdfFor = async (id: string, name: string) => {
    let pdf = pdfs.get(id);
    if (!pdf) {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      const page = doc.addPage();
      // Standard fonts hold Latin-1 only: the text of a bilag is its name and an identifying word.
      const latin1 = name.replace(/[^\u0020-\u00ff]/g, '-');
      page.drawText(latin1, { x: 50, y: 750, size: 12, font });
      page.drawText(`Bilagstekst til dokumentet ${latin1}: bilagsordet ${id.slice(0, 8)}.`, {
        x: 50,
        y: 720,
        size: 10,
        font,
      });
      pdf = await doc.save();
      pdfs.set(id, pdf);
    }
    return pdf;
  };

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://portal').pathname);
    const send = (status: number, body: Uint8Array | string, type = 'application/json; charset=utf-8') => {
      requests.push({ path, status });
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const failure = failures.get(path);
    if (failure && failure.times > 0) {
      failure.times--;
      send(failure.status, JSON.stringify({ Message: 'An error has occurred.' }));
      return;
    }
    if (path === '/api/agenda/udvalgsliste') return send(200, JSON.stringify(committeeList()));
    const meeting = /^\/api\/agenda\/dagsorden\/([^/]+)$/.exec(path);
    if (meeting) {
      const served = meetings.get(meeting[1]!);
      return served ? send(200, served.bytes) : send(404, JSON.stringify({ Message: 'Not found' }));
    }
    const file = /^\/Vis\/Pdf\/bilag\/([^/]+)\/?$/i.exec(path);
    if (file && bilag.has(file[1]!)) {
      pdfFor(file[1]!, bilag.get(file[1]!)!).then(
        (pdf) => send(200, pdf, 'application/pdf'),
        () => send(500, 'error'),
      );
      return;
    }
    send(404, JSON.stringify({ Message: 'Not found' }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    failNext: (path, status, times = 1) => failures.set(path, { status, times }),
    replace: (file) => add(file),
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The file name a fixture is served under, for messages. */
export const servedName = (file: string) => basename(file);
