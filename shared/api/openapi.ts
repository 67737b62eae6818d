import { MAX_QUERY_LENGTH } from '../search/query.ts';
import { MAX_LIMIT } from './search-params.ts';

const error = { $ref: '#/components/schemas/Error' };
const jsonError = (description: string) => ({
  description,
  content: { 'application/json': { schema: error } },
});
const stringParam = (name: string, description: string, extra: object = {}) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string', ...extra },
});

/** The public API described as OpenAPI 3.1, served at /api/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'protokol',
    version: '1',
    description:
      'Search Danish public meeting minutes: every agenda item of every meeting, with its decision, the meeting and the page of the source document.',
  },
  paths: {
    '/api/search': {
      get: {
        summary: 'Search agenda items',
        parameters: [
          stringParam(
            'q',
            'Words (Danish stemming, compound parts, stop words left out), "phrases", prefix*, a OR b, -excluded words, case numbers. Empty lists newest first.',
            {
              maxLength: MAX_QUERY_LENGTH,
            },
          ),
          { ...stringParam('committee', 'Only these committees (repeatable).'), explode: true },
          { ...stringParam('kind', 'referat, dagsorden, punkt or bilag (repeatable).'), explode: true },
          stringParam('from', 'Meetings on or after this day.', { format: 'date' }),
          stringParam('to', 'Meetings on or before this day.', { format: 'date' }),
          stringParam('section', 'Where to match.', {
            enum: ['all', 'decision', 'recommendation', 'case'],
            default: 'all',
          }),
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
          stringParam('cursor', 'The `next` value of the previous page.'),
          stringParam('case', 'Only the items of this case number (EMN-2025-008468, 24/03318).', {
            maxLength: 100,
          }),
        ],
        responses: {
          200: {
            description: 'Hits, facets and the cursor of the next page',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResult' } } },
          },
          400: jsonError('A parameter is malformed or out of range; `parameter` names it'),
        },
      },
    },
    '/api/meetings/{id}': {
      get: {
        summary: 'A meeting with all its items',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'The meeting',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Meeting' } } },
          },
          404: jsonError('No such meeting'),
        },
      },
    },
    '/api/committees': {
      get: {
        summary: 'Committees with their number of meetings and first and last meeting date',
        responses: {
          200: { description: 'Committees', content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/api/documents/{id}': {
      get: {
        summary: 'The record of a document: status, reason of a failure, pages, meeting',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-f0-9]{64}$' } },
        ],
        responses: { 200: { description: 'The record' }, 404: jsonError('No such document') },
      },
    },
    '/api/documents/{id}/file': {
      get: {
        summary: 'The original file; link to a page of a PDF with #page=N',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-f0-9]{64}$' } },
        ],
        responses: {
          200: { description: 'The file (locally) ' },
          302: { description: 'A short-lived link to the file (on AWS)' },
          404: jsonError('No such document'),
        },
      },
    },
    '/api/feed.atom': {
      get: {
        summary: 'The newest items matching q and committee, as an Atom feed',
        parameters: [
          stringParam('q', 'As for /api/search'),
          { ...stringParam('committee', 'As for /api/search'), explode: true },
        ],
        responses: {
          200: { description: 'Atom feed', content: { 'application/atom+xml': {} } },
          400: jsonError('A malformed parameter'),
        },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'string' }, parameter: { type: 'string' } },
      },
      Hit: {
        type: 'object',
        properties: {
          meetingId: { type: 'string' },
          committee: { type: ['string', 'null'] },
          start: { type: ['string', 'null'], format: 'date-time' },
          number: { type: ['integer', 'string', 'null'] },
          title: { type: 'string' },
          caseNumber: { type: ['string', 'null'], description: 'The case the item belongs to' },
          kind: { type: 'string' },
          decision: { type: ['string', 'null'] },
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
          documentUrl: { type: ['string', 'null'] },
          page: { type: ['integer', 'null'] },
        },
      },
      Facet: {
        type: 'array',
        items: { type: 'object', properties: { value: { type: 'string' }, count: { type: 'integer' } } },
      },
      SearchResult: {
        type: 'object',
        properties: {
          total: { type: 'integer' },
          hits: { type: 'array', items: { $ref: '#/components/schemas/Hit' } },
          facets: {
            type: 'object',
            properties: {
              committee: { $ref: '#/components/schemas/Facet' },
              year: { $ref: '#/components/schemas/Facet' },
              kind: { $ref: '#/components/schemas/Facet' },
            },
          },
          next: { type: ['string', 'null'] },
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
      Meeting: { type: 'object', description: 'Meeting with items, sections, bilag and sources' },
    },
  },
} as const;
