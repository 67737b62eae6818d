// Queries a citizen or a journalist would type, written from reading the minutes (the Greve
// FirstAgenda meetings of 2022–2025, the Aarhus, Ballerup, Syddjurs and Sundhedsdirektørkredsen
// documents in test/fixtures), each with the items that answer it. An item is named by its title
// (a substring or a pattern), and by committee where the title alone would not say which.

/** What a query tries. */
export type QueryKind =
  | 'compound'
  | 'stopwords'
  | 'spelling'
  | 'prefix'
  | 'or'
  | 'case'
  | 'phrase'
  | 'citizen';

/** An item that answers a query. */
export interface Relevant {
  title: string | RegExp;
  committee?: string | RegExp;
}

export interface JudgedQuery {
  kind: QueryKind;
  q: string;
  /** The items that answer it; empty for a query that must find nothing. */
  relevant: Relevant[];
  /** For a misspelling: the "Mente du …" the search must offer (its items are `relevant`). */
  suggestion?: string;
  /** A query of stop words only: nothing found, and the words named as left out. */
  onlyStopWords?: boolean;
}

export const QUERIES: JudgedQuery[] = [
  // Parts of compounds, at the start, in the middle and at the end.
  { kind: 'compound', q: 'rygestop', relevant: [{ title: 'Evaluering af rygestopkurser' }] },
  {
    kind: 'compound',
    q: 'kunstgræs',
    relevant: [
      { title: 'Modeller til finansiering af kunstgræs på Karlslunde Stadion' },
      { title: 'Anlægsbevilling til nyt idrætsanlæg i Lisbjerg' },
    ],
  },
  { kind: 'compound', q: 'vedligeholdelse', relevant: [{ title: /^Bygningsvedligeholdelse 2013/ }] },
  { kind: 'compound', q: 'genopretning', relevant: [{ title: /Genopretningspuljen/ }] },
  { kind: 'compound', q: 'varmegenvinding', relevant: [{ title: /^Varmegenvindingspulje 2023/ }] },
  { kind: 'compound', q: 'byggesag', relevant: [{ title: /^Byggesagsgebyrer/ }] },
  { kind: 'compound', q: 'revision', relevant: [{ title: /revisionsberetning|Revisionspåtegning/ }] },
  { kind: 'compound', q: 'netværksudstyr', relevant: [{ title: /Udskiftning af netværksudstyr/ }] },
  { kind: 'compound', q: 'klimahandleplan', relevant: [{ title: /klimahand(le|lings)plan/i }] },
  // Klima-, Teknik- og Miljøudvalget is named in hundreds of items; the climate items are wanted.
  { kind: 'compound', q: 'klima', relevant: [{ title: /klima(?!-, Teknik|,- Teknik)/i }] },
  {
    kind: 'compound',
    q: 'aftale',
    relevant: [{ title: /Sundhedsaftalen 2024/ }, { title: /aftale/i }],
  },

  // Stop words never make a hit; a query of nothing else says so.
  {
    kind: 'stopwords',
    q: 'vindmøller på havet',
    relevant: [{ title: /havvindemøllepark ved Aflandshage/ }],
  },
  {
    kind: 'stopwords',
    q: 'vedligeholdelse af bygninger',
    relevant: [{ title: /^Bygningsvedligeholdelse 2013/ }],
  },
  { kind: 'stopwords', q: 'plejehjem i Tune', relevant: [{ title: /plejehjem i Tune/ }] },
  {
    kind: 'stopwords',
    q: 'tilsyn med hjemmeplejen',
    relevant: [{ title: /tilsyn med ydelser leveret i hjemmeplejen/ }],
  },
  { kind: 'stopwords', q: 'flygtninge fra Ukraine', relevant: [{ title: /ukrain/i }] },
  { kind: 'stopwords', q: 'og i på', relevant: [], onlyStopWords: true },
  { kind: 'stopwords', q: 'hvad er det', relevant: [], onlyStopWords: true },

  // Misspellings that find nothing: "Mente du …".
  {
    kind: 'spelling',
    q: 'sundhedsaftlen',
    suggestion: 'sundhedsaftalen',
    relevant: [{ title: /Sundhedsaftalen 2024/ }],
  },
  { kind: 'spelling', q: 'plejehejm', suggestion: 'plejehjem', relevant: [{ title: /plejehjem/ }] },
  {
    kind: 'spelling',
    q: 'livestreeming',
    suggestion: 'livestreaming',
    relevant: [{ title: /Livestreaming af byrådsmøder/i }],
  },
  { kind: 'spelling', q: 'skattelly', suggestion: 'skattely', relevant: [{ title: /skattely/ }] },
  {
    kind: 'spelling',
    q: 'bølgebydere',
    suggestion: 'bølgebrydere',
    relevant: [{ title: 'Bølgebrydere langs Greve Strand' }],
  },
  { kind: 'spelling', q: 'fjernvarne', suggestion: 'fjernvarme', relevant: [{ title: /fjernvarme/i }] },
  {
    kind: 'spelling',
    q: 'telemedecin',
    suggestion: 'telemedicin',
    relevant: [{ title: /Telemedicin i Syd/ }],
  },

  // prefix*
  { kind: 'prefix', q: 'tele*', relevant: [{ title: /Telemedicin i Syd/ }] },
  { kind: 'prefix', q: 'ukrainsk*', relevant: [{ title: /ukrainske/ }] },
  { kind: 'prefix', q: 'stenrev*', relevant: [{ title: /[Ss]tenrev/ }] },
  { kind: 'prefix', q: 'livestream*', relevant: [{ title: /[Ll]ivestreaming/ }] },
  { kind: 'prefix', q: 'sundhedsklynge*', relevant: [{ title: /sundhedsklynger/i }] },

  // a OR b
  {
    kind: 'or',
    q: 'stenrev OR bølgebrydere',
    relevant: [{ title: /[Ss]tenrev/ }, { title: 'Bølgebrydere langs Greve Strand' }],
  },
  {
    kind: 'or',
    q: 'skattely OR livestreaming',
    relevant: [{ title: /skattely/ }, { title: /[Ll]ivestreaming/ }],
  },
  {
    kind: 'or',
    q: 'ridebane OR terrænregulering',
    relevant: [{ title: /ridebane/ }, { title: /terrænregulering/ }],
  },
  {
    kind: 'or',
    q: 'rygestop OR alkoholbehandling',
    relevant: [{ title: 'Evaluering af rygestopkurser' }, { title: /stof- og alkoholbehandling/ }],
  },

  // Case numbers: every item of the case, across committees and meetings.
  {
    kind: 'case',
    q: 'EMN-2025-008468',
    relevant: [
      { title: /^Lokalplan 1221/, committee: 'Teknisk Udvalg' },
      { title: /^Lokalplan 1221/, committee: /Byråd/ },
    ],
  },
  {
    kind: 'case',
    q: '22-004797',
    relevant: [
      { title: 'Beskæftigelsesindsatsen for ukrainske flygtninge', committee: /Beskæftigelses/ },
      { title: 'Beskæftigelsesindsatsen for ukrainske flygtninge', committee: 'Økonomiudvalget' },
      { title: 'Beskæftigelsesindsatsen for ukrainske flygtninge', committee: /Byråd/ },
    ],
  },
  { kind: 'case', q: '12/27845', relevant: [{ title: /^Kulturkommune 2017/ }] },
  { kind: 'case', q: '2010-3082', relevant: [{ title: 'Evaluering af rygestopkurser' }] },
  { kind: 'case', q: '19-033355K', relevant: [{ title: /havvindemøllepark ved Aflandshage/ }] },
  { kind: 'case', q: '22-013352', relevant: [{ title: 'Stenrev Klintekongen' }] },
  {
    kind: 'case',
    q: 'EMN-2025-007459',
    relevant: [{ title: 'Anlægsbevilling til nyt idrætsanlæg i Lisbjerg' }],
  },

  // "phrases"
  { kind: 'phrase', q: '"nyt plejehjem"', relevant: [{ title: /nyt plejehjem i Tune/ }] },
  {
    kind: 'phrase',
    q: '"forbeholdt virksomhedsområde"',
    relevant: [{ title: /forbeholdt virksomhedsområde til sygeplejersker/ }],
  },
  { kind: 'phrase', q: '"Greve Nord"', relevant: [{ title: /Greve Nord/ }] },
  {
    kind: 'phrase',
    q: '"stigende energipriser"',
    relevant: [{ title: 'Tiltag på energi som følge af stigende energipriser' }],
  },

  // What people ask, in their own words.
  { kind: 'citizen', q: 'kunstgræs Karlslunde', relevant: [{ title: /kunstgræs på Karlslunde Stadion/ }] },
  {
    kind: 'citizen',
    q: 'bølgebrydere Greve Strand',
    relevant: [{ title: 'Bølgebrydere langs Greve Strand' }],
  },
  { kind: 'citizen', q: 'livestreaming byrådsmøder', relevant: [{ title: /Livestreaming af byrådsmøder/i }] },
  {
    kind: 'citizen',
    q: 'sygedagpenge corona',
    relevant: [{ title: /sygedagpengeforløb i lyset af Corona/ }],
  },
  { kind: 'citizen', q: 'naturgas fjernvarme', relevant: [{ title: /fra naturgas til fjernvarme/ }] },
  { kind: 'citizen', q: 'telemedicin KOL', relevant: [{ title: /Telemedicin i Syd/ }] },
  { kind: 'citizen', q: 'klimaregnskab Aarhus', relevant: [{ title: /Afrapportering på klimaregnskab/ }] },
  { kind: 'citizen', q: 'lokalplan Kattrup', relevant: [{ title: /^Lokalplan 1221/ }] },
  { kind: 'citizen', q: 'busser fremkommelighed', relevant: [{ title: /busfremkommelighed/ }] },
  {
    kind: 'citizen',
    q: 'boliger ukrainske flygtninge',
    relevant: [{ title: /Boliger til ukrainske flygtninge/ }],
  },
  { kind: 'citizen', q: 'strømafbrydelse ældre', relevant: [{ title: /strømafbrydelser på ældreområdet/ }] },
  { kind: 'citizen', q: 'hvornår åbner det nye plejehjem', relevant: [{ title: /nyt plejehjem i Tune/ }] },
  { kind: 'citizen', q: 'stop rygning', relevant: [{ title: 'Evaluering af rygestopkurser' }] },
];
