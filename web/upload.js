// The secretariat's upload page: sends files with the upload token and shows each document's
// status as it changes (queued, extracting, ocr, indexed, failed and why).
const STATUS = {
  queued: 'I kø',
  extracting: 'Læser tekst',
  ocr: 'OCR',
  parsing: 'Læser struktur',
  indexed: 'Søgbar',
  failed: 'Fejlet',
};
const form = document.getElementById('upload');
const message = document.getElementById('message');
const table = document.getElementById('documents');
const token = document.getElementById('token');
token.value = sessionStorage.getItem('protokol-token') ?? '';

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  return td;
}

async function refresh() {
  const res = await fetch('/api/documents');
  if (!res.ok) return;
  const { documents } = await res.json();
  documents.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  table.replaceChildren(
    ...documents.map((d) => {
      const tr = document.createElement('tr');
      const meeting = document.createElement('td');
      if (d.meetingId) {
        const a = document.createElement('a');
        a.href = `/moeder/${encodeURIComponent(d.meetingId)}`;
        a.textContent = d.meetingId;
        meeting.append(a);
      }
      tr.append(
        cell(d.name),
        cell(STATUS[d.status] ?? d.status),
        cell(d.pages),
        meeting,
        cell(d.reason ?? d.warnings?.join('; ')),
      );
      return tr;
    }),
  );
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  sessionStorage.setItem('protokol-token', token.value);
  const body = new FormData();
  for (const file of document.getElementById('files').files) body.append('file', file);
  for (const name of ['committee', 'date', 'kind']) {
    const value = document.getElementById(name).value;
    if (value) body.append(name, value);
  }
  message.textContent = 'Uploader …';
  const res = await fetch('/api/documents', {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token.value}` },
  });
  const result = await res.json().catch(() => ({}));
  if (res.status === 401 || res.status === 403) message.textContent = 'Upload-nøglen er forkert.';
  else if (!res.ok) message.textContent = `Afvist: ${result.error}`;
  else {
    const rejected = result.rejected?.length
      ? ` Afvist: ${result.rejected.map((r) => r.reason).join('; ')}`
      : '';
    message.textContent = `${result.documents.length} fil(er) modtaget.${rejected}`;
  }
  refresh();
});

refresh();
setInterval(refresh, 2000);
