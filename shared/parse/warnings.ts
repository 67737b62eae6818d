/**
 * What the parser says of text that reads as no minutes. True of every bilag, so a document placed
 * under the item that lists it leaves these out of its record (`placedWarnings`).
 */
export const NOT_MINUTES = {
  letter: 'numbered paragraphs without a meeting header or sections: read as one text, not as agenda items',
  noItems: 'no agenda items or sections were found; the whole text is indexed as one item',
  noCommittee: 'the document names no committee',
  noDate: 'the document gives no meeting date',
} as const;
