import { MAX_QUERY_LENGTH } from '../search/query.ts';
import { MAX_LIMIT } from './search-params.ts';

const error = { $ref: '#/components/schemas/Error' };
const jsonError = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
});
const json = (description: string, schema: object) => ({
  description,
  content: { 'application/json': { schema } },
});
const stringParam = (name: string, description: string, extra: object = {}) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string', ...extra },
});
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const documentId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-f0-9]{64}$' },
};
const secretariat = [{ bearer: [] }, { session: [] }];
const denied = {
  401: jsonError('No credentials: the upload token (Bearer) or the upload page’s session cookie'),
  403: jsonError('Credentials that may not do this, or a write from another site (`code` CROSS_ORIGIN)'),
};
/** Node's HTTP server refuses a request line and headers over 16 KB before the API sees them. */
const tooLong = { description: 'The query string is longer than the server reads (16 KB)' };
const date = { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

/** The filters of a search, shared by /api/search and the feed. */
const filters = [
  stringParam(
    'q',
    'Words (Danish stemming, compound parts, stop words left out), "phrases", prefix*, a OR b, -excluded words, case numbers. Empty lists newest first.',
    { maxLength: MAX_QUERY_LENGTH },
  ),
  {
    name: 'committee',
    in: 'query',
    required: false,
    description: 'Only these committees (repeatable).',
    schema: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 50 },
    explode: true,
  },
  {
    name: 'kind',
    in: 'query',
    required: false,
    description: 'Only these kinds of document (repeatable).',
    schema: {
      type: 'array',
      items: { type: 'string', enum: ['referat', 'dagsorden', 'punkt', 'bilag'] },
      maxItems: 3,
    },
    explode: true,
  },
  {
    name: 'authority',
    in: 'query',
    required: false,
    description: 'Only meetings of these authorities, e.g. "Greve Kommune" (repeatable).',
    schema: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 50 },
    explode: true,
  },
  stringParam('from', 'Meetings on or after this day.', date),
  stringParam('to', 'Meetings on or before this day.', date),
  stringParam('undated', 'true: only items of meetings with no known date (the year facet "ukendt").', {
    enum: ['true', 'false'],
  }),
  stringParam('section', 'Where to match.', {
    enum: ['all', 'decision', 'recommendation', 'case'],
    default: 'all',
  }),
];

const record = {
  type: 'object',
  required: ['id', 'name', 'status'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    mediaType: nullable('string'),
    size: { type: 'integer' },
    status: { enum: ['queued', 'extracting', 'ocr', 'parsing', 'indexed', 'failed'] },
    reason: { ...nullable('string'), description: 'Why it failed; never a server path' },
    errorCode: nullable('string'),
    message: { ...nullable('string'), description: 'Why it failed, in Danish' },
    pages: nullable('integer'),
    ocrPages: nullable('integer'),
    kind: nullable('string'),
    meetingId: nullable('string'),
    linkedItem: {
      type: ['object', 'null'],
      properties: { meetingId: { type: 'string' }, number: { type: 'string' } },
    },
    warnings: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
};

/** The API described as OpenAPI 3.1, served at /api/openapi.json; the fuzz test holds the API to it. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'protokol',
    version: '1',
    description:
      'Search Danish public meeting minutes: every agenda item of every meeting, with its decision, the meeting and the page of the source document. Every error is `{ error, message, code }`: `error` the specific reason, `message` Danish, `code` a stable English code.',
  },
  paths: {
    '/api/search': {
      get: {
        operationId: 'search',
        summary: 'Search agenda items',
        parameters: [
          ...filters,
          stringParam('sort', 'Order of hits.', {
            enum: ['relevance', 'newest', 'oldest'],
            default: 'relevance',
          }),
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 20 },
          },
          stringParam('cursor', 'The `next` value of the previous page.', { maxLength: 200 }),
          stringParam('case', 'Only the items of this case number (EMN-2025-008468, 24/03318).', {
            maxLength: 100,
          }),
        ],
        responses: {
          200: {
            ...json('Hits, facets and the cursor of the next page', {
              $ref: '#/components/schemas/SearchResult',
            }),
            links: {
              meeting: { operationId: 'getMeeting', parameters: { id: '$response.body#/hits/0/meetingId' } },
              file: { operationId: 'getFile', parameters: { id: '$response.body#/hits/0/documentId' } },
            },
          },
          400: jsonError('A parameter is malformed or out of range; `parameter` names it'),
          431: tooLong,
        },
      },
    },
    '/api/meetings/{id}': {
      get: {
        operationId: 'getMeeting',
        summary: 'A meeting with all its items; closed items keep number and title only',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: json('The meeting', { $ref: '#/components/schemas/Meeting' }),
          404: jsonError('No such meeting'),
        },
      },
    },
    '/api/cases/{caseNumber}': {
      get: {
        summary: "A case's items in date order, committee by committee, each with its decision",
        parameters: [{ name: 'caseNumber', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'The case', content: { 'application/json': { schema: { type: 'object' } } } },
          404: jsonError('No item has this case number'),
        },
      },
    },
    '/api/committees': {
      get: {
        operationId: 'committees',
        summary: 'Committees with their number of meetings and first and last meeting date',
        responses: {
          200: {
            links: {
              coverage: {
                operationId: 'coverage',
                parameters: { name: '$response.body#/committees/0/name' },
              },
            },
            ...json('Committees', {
              type: 'object',
              required: ['committees'],
              properties: {
                committees: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      name: { type: 'string' },
                      meetings: { type: 'integer' },
                      first: nullable('string'),
                      last: nullable('string'),
                    },
                  },
                },
              },
            }),
          },
        },
      },
    },
    '/api/committees/{name}/coverage': {
      get: {
        operationId: 'coverage',
        summary:
          'Meetings per year and the years with none; documents failed or waiting are listed for the secretariat, counted for everyone',
        parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: json('Coverage', {
            type: 'object',
            required: ['committee', 'years', 'yearsWithNone', 'failedCount', 'waitingCount'],
            properties: {
              committee: { type: 'string' },
              years: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { year: { type: 'string' }, meetings: { type: 'integer' } },
                },
              },
              yearsWithNone: { type: 'array', items: { type: 'string' } },
              failedCount: { type: 'integer' },
              waitingCount: { type: 'integer' },
            },
          }),
          404: jsonError('No such committee'),
        },
      },
    },
    '/api/documents': {
      get: {
        operationId: 'listDocuments',
        summary: 'Every document with its status and, for a failure, the reason (the secretariat)',
        security: secretariat,
        responses: {
          200: {
            ...json('The documents', {
              type: 'object',
              required: ['documents'],
              properties: { documents: { type: 'array', items: record } },
            }),
            links: {
              record: { operationId: 'getDocument', parameters: { id: '$response.body#/documents/0/id' } },
              file: { operationId: 'getFile', parameters: { id: '$response.body#/documents/0/id' } },
            },
          },
          ...denied,
        },
      },
      post: {
        summary: 'Upload files (multipart, fields `file`, `committee`, `date`, `kind`, `meetingId`)',
        security: secretariat,
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: {
                  file: { type: 'array', items: { type: 'string', format: 'binary' } },
                  committee: { type: 'string' },
                  date: { type: 'string' },
                  kind: { type: 'string', enum: ['referat', 'dagsorden', 'punkt', 'bilag'] },
                  meetingId: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          201: { description: 'Presigned forms to upload the announced files with (AWS)' },
          202: { description: 'Accepted: each document with its id and status URL' },
          400: jsonError('A malformed body or field'),
          ...denied,
          413: jsonError('Over the size limit (checked while the body streams in)'),
          415: jsonError('Bytes that are not PDF, DOCX or HTML'),
          422: jsonError('A file that is empty, truncated, encrypted or corrupt'),
        },
      },
    },
    '/api/documents/{id}': {
      get: {
        operationId: 'getDocument',
        summary: 'The record of a document: status, reason of a failure, pages, meeting (the secretariat)',
        security: secretariat,
        parameters: [documentId],
        responses: {
          200: json('The record', record),
          ...denied,
          404: jsonError('No such document'),
        },
      },
      delete: {
        summary: 'Take a document down: its items, file and derived data leave the archive',
        security: secretariat,
        parameters: [documentId],
        responses: { 204: { description: 'Gone' }, ...denied, 404: jsonError('No such document') },
      },
    },
    '/api/documents/{id}/file': {
      get: {
        operationId: 'getFile',
        summary:
          'The file of a document; link to a page of a PDF with #page=N. The public gets the original only when nothing in it is closed or a CPR number; else a copy with those pages blanked (PDF) or the open items as text, or nothing (451, the reason in Danish). The secretariat gets the original.',
        parameters: [documentId],
        responses: {
          200: {
            description:
              'The file: a PDF inline; HTML and DOCX as attachments under `Content-Security-Policy: sandbox`; a redacted text as text/plain',
            content: {
              'application/pdf': {},
              'text/plain': {},
              'text/html': {},
              'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {},
              'application/octet-stream': {},
            },
          },
          302: { description: 'A short-lived link to the file (on AWS)' },
          404: jsonError('No such document'),
          451: {
            description:
              'Not published: it belongs to a closed item, or is not processed yet (a page with the reason for a browser asking for HTML)',
            content: { 'application/json': { schema: error }, 'text/html': {} },
          },
        },
      },
    },
    '/api/feed.atom': {
      get: {
        summary:
          'The newest items matching the filters, as an Atom feed; a browser asking for HTML gets a readable page of the same',
        parameters: filters,
        responses: {
          200: { description: 'Atom feed', content: { 'application/atom+xml': {}, 'text/html': {} } },
          400: jsonError('A malformed parameter'),
          431: tooLong,
        },
      },
    },
    '/api/session': {
      get: {
        summary: 'Whether the caller has a session of the upload page',
        responses: {
          200: json('The session', {
            type: 'object',
            required: ['signedIn'],
            properties: { signedIn: { type: 'boolean' } },
          }),
        },
      },
      post: {
        summary: 'Log in with the upload token: sets an HttpOnly, SameSite=Strict session cookie',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
            },
          },
        },
        responses: {
          204: { description: 'Logged in (the cookie is set)' },
          303: { description: 'Logged in from a plain form: back to /upload' },
          400: jsonError('A body that cannot be read'),
          403: jsonError('A wrong token, or uploads switched off'),
          413: jsonError('A body over the limit'),
          429: jsonError('Too many wrong tokens in the last minute'),
        },
      },
      delete: {
        summary: 'Log out',
        responses: {
          204: { description: 'Logged out (the cookie is cleared)' },
          403: jsonError('A write from another site'),
        },
      },
    },
    '/api/openapi.json': {
      get: {
        summary: 'This document',
        responses: { 200: json('OpenAPI 3.1', { type: 'object' }) },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'PROTOKOL_UPLOAD_TOKEN (or a Cognito token on AWS)',
      },
      session: { type: 'apiKey', in: 'cookie', name: 'protokol_session' },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error', 'message', 'code'],
        properties: {
          error: { type: 'string', description: 'The specific reason' },
          message: { type: 'string', description: 'The same in Danish, for people' },
          code: { type: 'string', description: 'A stable code: INVALID_ARGUMENT, NOT_FOUND, …' },
          parameter: { type: 'string' },
        },
      },
      Hit: {
        type: 'object',
        required: ['meetingId', 'title', 'snippet', 'url'],
        properties: {
          meetingId: { type: 'string' },
          authority: nullable('string'),
          committee: nullable('string'),
          start: nullable('string'),
          number: { type: ['integer', 'string', 'null'] },
          title: { type: 'string' },
          caseNumber: { type: ['string', 'null'], description: 'The case the item belongs to' },
          kind: { type: 'string' },
          decision: nullable('string'),
          snippet: { type: 'string', description: 'HTML-escaped text; matches in <mark>' },
          bilag: {
            type: ['object', 'null'],
            properties: { name: { type: 'string' }, documentId: { type: 'string' } },
          },
          sources: {
            type: 'array',
            description: 'Every document the item was read from, copies folded into this hit included',
            items: {
              type: 'object',
              properties: {
                documentId: { type: 'string' },
                name: { type: 'string' },
                kind: { type: 'string' },
              },
            },
          },
          url: { type: 'string' },
          documentUrl: nullable('string'),
          page: nullable('integer'),
        },
      },
      Facet: {
        type: 'array',
        items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } },
      },
      SearchResult: {
        type: 'object',
        required: ['total', 'hits', 'facets', 'next'],
        properties: {
          total: { type: 'integer' },
          hits: { type: 'array', items: { $ref: '#/components/schemas/Hit' } },
          facets: {
            type: 'object',
            properties: {
              committee: { $ref: '#/components/schemas/Facet' },
              year: { $ref: '#/components/schemas/Facet' },
              kind: { $ref: '#/components/schemas/Facet' },
              authority: { $ref: '#/components/schemas/Facet' },
            },
          },
          next: nullable('string'),
          suggestion: {
            type: ['string', 'null'],
            description:
              '"Mente du …": the query with a misspelled word corrected, when it found nothing or little',
          },
          ignored: {
            type: 'array',
            items: { type: 'string' },
            description: 'Stop words left out of the query; a query of nothing else finds nothing',
          },
          relaxed: {
            type: 'boolean',
            description: 'No item holds every word: the hits hold the most of them',
          },
        },
      },
    },
  },
} as const;
