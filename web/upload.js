// The secretariat's upload page. The upload token is posted once to /api/session, which answers
// with an HttpOnly session cookie: nothing on this page (or injected into it) can read the token
// or the session afterwards. Uploads, the status list and logout ride on that cookie.
const STATUS = {
  queued: 'I kø',
  extracting: 'Læser tekst',
  ocr: 'OCR',
  parsing: 'Læser struktur',
  indexed: 'Søgbar',
  failed: 'Fejlet',
};
const login = document.getElementById('login');
const upload = document.getElementById('upload');
const status = document.getElementById('status');
const message = document.getElementById('message');
const table = document.getElementById('documents');
const token = document.getElementById('token');
let timer = null;

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  return td;
}

/** A reason as the server gives it ("file.pdf: the PDF is …"), without the file name the row shows. */
function detail(reason, name) {
  return reason?.startsWith(`${name}: `) ? reason.slice(name.length + 2) : reason;
}

/** The last column: why a document failed (Danish, then the detail), or what to know about it. */
function remark(d) {
  if (d.status === 'failed') return [d.message, detail(d.reason, d.name)].filter(Boolean).join(' ');
  const notes = d.linkedItem ? [`Bilag til punkt ${d.linkedItem.number}.`] : [];
  return [...notes, ...(d.warnings ?? [])].join(' ');
}

function signedIn(yes) {
  login.hidden = yes;
  upload.hidden = !yes;
  status.hidden = !yes;
  clearInterval(timer);
  timer = yes ? setInterval(refresh, 2000) : null;
  if (yes) refresh();
}

async function refresh() {
  const res = await fetch('/api/documents', { headers: { accept: 'application/json' } });
  if (res.status === 401) {
    message.textContent = 'Sessionen er udløbet. Log ind igen.';
    signedIn(false);
    return;
  }
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
      tr.append(cell(d.name), cell(STATUS[d.status] ?? d.status), cell(d.pages), meeting, cell(remark(d)));
      return tr;
    }),
  );
}

login.addEventListener('submit', async (event) => {
  event.preventDefault();
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: token.value }),
  });
  token.value = '';
  if (res.ok) {
    message.textContent = 'Du er logget ind.';
    signedIn(true);
    return;
  }
  const result = await res.json().catch(() => ({}));
  message.textContent =
    res.status === 403 ? 'Upload-nøglen er forkert.' : (result.message ?? 'Login mislykkedes.');
});

document.getElementById('logout').addEventListener('click', async () => {
  await fetch('/api/session', { method: 'DELETE' });
  message.textContent = 'Du er logget ud.';
  signedIn(false);
});

// One request per file: each is held to the size limit on its own, and one refused file does
// not hold up the others.
upload.addEventListener('submit', async (event) => {
  event.preventDefault();
  const files = [...document.getElementById('files').files];
  const fields = ['committee', 'date', 'kind'].flatMap((name) => {
    const value = document.getElementById(name).value;
    return value ? [[name, value]] : [];
  });
  const received = [];
  const refused = [];
  message.textContent = 'Uploader …';
  for (const file of files) {
    const body = new FormData();
    body.append('file', file);
    for (const [name, value] of fields) body.append(name, value);
    const res = await fetch('/api/documents', { method: 'POST', body });
    const result = await res.json().catch(() => ({}));
    if (res.status === 401) {
      message.textContent = 'Sessionen er udløbet. Log ind igen.';
      signedIn(false);
      return;
    }
    if (res.ok) received.push(...result.documents);
    else
      refused.push(
        `${file.name}: ${[result.message, detail(result.error, file.name)].filter(Boolean).join(' ')}`,
      );
  }
  message.textContent = `${received.length} fil(er) modtaget.${refused.length ? ` Afvist: ${refused.join('; ')}` : ''}`;
  refresh();
});

const session = await fetch('/api/session')
  .then((r) => r.json())
  .catch(() => ({ signedIn: false }));
signedIn(session.signedIn === true);
