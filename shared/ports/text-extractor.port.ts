/** One line of text as it stands on a page, with the typography that tells headings from body. */
export interface TextLine {
  text: string;
  /** Set when most of the line is set in a bold face. */
  bold?: boolean;
  /** Font size in points (PDF) or a nominal size for HTML headings. */
  size?: number;
  /** HTML/DOCX heading level 1–6 where the source marks it. */
  heading?: number;
  /** A list item (bullet) in the source. */
  listItem?: boolean;
  /** A whole block of the source (an HTML paragraph), not one wrapped line of it. */
  block?: boolean;
  /** Vertical position from the top of the page (0–1), where known: for running headers and footers. */
  top?: number;
}

export interface ExtractedPage {
  /** 1-based page number. */
  number: number;
  lines: TextLine[];
  /** Set when the page had no text layer and its text came from OCR. */
  ocr?: { confidence: number; engine: string };
}

/** The text of a document, page by page. */
export interface ExtractedText {
  mediaType: string;
  pages: ExtractedPage[];
  /** Pages with no text layer whose OCR runs as a job elsewhere (Textract) and has not come back yet. */
  pendingOcr?: number[];
  /** The names of the files embedded in a PDF (attachments, paperclips), split out as bilag after it is placed. */
  embeddedFiles?: string[];
}

/** Turns the bytes of one supported file type into text lines per page. */
export interface TextExtractor {
  /** The media types this extractor reads. */
  readonly mediaTypes: readonly string[];
  extract(bytes: Uint8Array, name: string): Promise<ExtractedText>;
}

/** A page rendered to an image, for OCR. */
export interface PageImage {
  number: number;
  png: Uint8Array;
}

/** Reads text from page images: tesseract.js locally, Textract on AWS. */
export interface Ocr {
  readonly engine: string;
  recognize(image: PageImage): Promise<{ lines: string[]; confidence: number }>;
  close?(): Promise<void>;
}

/**
 * Reads the pages of a PDF that have no text layer: renders them and runs OCR on the images.
 * Locally tesseract.js in a worker thread.
 */
export interface PdfOcr {
  readonly engine: string;
  ocrPages(pdf: Uint8Array, pages: number[]): Promise<OcrPageText[]>;
  close?(): Promise<void>;
}

/** The text OCR read on one page. */
export interface OcrPageText {
  number: number;
  lines: string[];
  /** 0–1 */
  confidence: number;
}

/**
 * OCR that runs as a job outside the process and reports back by an event: Textract's
 * asynchronous text detection on AWS. The pipeline stops at "ocr" and resumes when the job is done.
 */
export interface DeferredOcr {
  readonly engine: string;
  /**
   * Starts reading the given pages of a stored original; the same document and attempt twice is
   * one job, and a later attempt (a retry after a failed or lost job) is a new one.
   */
  start(documentId: string, pages: number[], attempt?: number): Promise<string>;
  /** The text of the given pages once the job has finished. */
  results(jobId: string, pages: number[]): Promise<OcrPageText[]>;
}

/** Pages of a document, 1-based and inclusive. */
export interface PageRange {
  first: number;
  last: number;
}

/** A file embedded in a PDF: its bytes, or why they were not read. */
export type EmbeddedFile = { name: string; page?: number } & (
  | { bytes: Uint8Array }
  | { code: string; reason: string }
);

/** Page ranges cut out of a PDF as PDFs of their own, and the files embedded in it. */
export interface SplitPdf {
  parts: Uint8Array[];
  embedded: EmbeddedFile[];
}

/** Splits a PDF into the bilag it carries: appended pages and embedded files. */
export interface PdfParts {
  split(bytes: Uint8Array, name: string, pages: PageRange[]): Promise<SplitPdf>;
}
