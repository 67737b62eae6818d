import { describe, expect, it } from 'vitest';
import { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import type { Meeting } from '../../shared/domain/model.ts';
import { recording, replayClient } from '../support/opensearch-replay.ts';

// The one behaviour of the OpenSearch adapter a live single node does not show on demand: a bulk
// item refused with 429 (a full write queue). It is replayed from test/fixtures/opensearch/
// (make-recordings.ts). Everything else runs on a live node: opensearch-live.test.ts (the whole
// AgendaIndex contract) and opensearch-live-server.test.ts.

describe('OpenSearch adapter (recorded exchanges)', () => {
  it('sends again only the items OpenSearch refused with 429', async () => {
    const exchanges = recording('bulk-429-then-ok');
    const { client, remaining } = replayClient(exchanges);
    const body = exchanges[1]!.request.body as object[];
    const meeting = (body.at(-1) as { meeting: Meeting }).meeting;
    await new OpenSearchAgendaIndex(client).putMeeting(meeting);
    expect(remaining()).toBe(0);
    const retried = exchanges[2]!.request.body as object[];
    expect(retried).toHaveLength(2);
    expect(retried[0]).toEqual({
      index: { _index: 'protokol-items', _id: 'sundhedsdirektoerkredsen-2022-11-17#2' },
    });
  });
});
