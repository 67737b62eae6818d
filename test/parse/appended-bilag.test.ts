import { describe, expect, it } from 'vitest';
import { parseWithAppendedBilag } from '../../shared/parse/appended-bilag.ts';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import { layout, source } from '../support/layout.ts';

// Where a samlet referat's minutes end and its appended bilag begin, by evidence any layout has.

const minutes = (lastPages: string) => `
# Referat
Økonomiudvalget
Dato: 12. marts 2024 kl. 16:00
Mødested: Rådhuset
Økonomiudvalget 12-03-2024
# 1. Budgetopfølgning
# Beslutning
Taget til efterretning.
# Bilag
Bilag 1: Budgetnotat marts
Side 1 af 2
---page---
Økonomiudvalget 12-03-2024
# 2. Salg af grund ved havnen
# Beslutning
Godkendt.
${lastPages}`;

describe('bilag appended after the minutes', () => {
  it('splits off a page whose first lines name a listed bilag, and reads the minutes as before', () => {
    const text = layout(
      minutes(`# Bilag
Bilag 2: Kortbilag havnen
Bilag 3: Vurdering fra ejendomsmægler
Side 2 af 2
---page---
# Budgetnotat marts
Forbruget på serviceudgifterne ligger under budgettet.
1`),
    );
    const got = parseWithAppendedBilag(text, source);
    expect(got.appendedBilag).toEqual([
      expect.objectContaining({
        name: 'Budgetnotat marts',
        itemNumber: '1',
        firstPage: 3,
        lastPage: 3,
      }),
    ]);
    expect(got.items[1]!.decision).toBe('Godkendt.');
    expect(JSON.stringify(got.items)).not.toContain('serviceudgifterne');
  });

  it('takes a Bilag list that runs over onto the next page for the list, not for a bilag', () => {
    const text = layout(
      minutes(`# Bilag
Bilag 2: Kortbilag havnen
Side 2 af 3
---page---
Økonomiudvalget 12-03-2024
Bilag 3: Vurdering fra ejendomsmægler
Bilag 4: Tilstandsrapport
Side 3 af 3`),
    );
    const got = parseWithAppendedBilag(text, source);
    expect(got.appendedBilag).toBeUndefined();
    expect(got).toEqual(parseMinutes(text, source));
  });

  it('leaves minutes whose last item runs over several pages as they are', () => {
    const text = layout(
      minutes(`Forvaltningen har indhentet en vurdering af grunden.
Side 2 af 3
---page---
Økonomiudvalget 12-03-2024
Køberen overtager grunden den 1. juni.
Side 3 af 3`),
    );
    expect(parseWithAppendedBilag(text, source)).toEqual(parseMinutes(text, source));
  });

  it('keeps a bilag no item lists as the meeting’s when the minutes’ typesetting stops, and warns', () => {
    const text = layout(
      minutes(`Side 2 af 2
---page---
# Notat om havneudvikling
Havnen udvides mod nord i tre etaper.
1`),
    );
    const got = parseWithAppendedBilag(text, source);
    expect(got.appendedBilag).toEqual([
      expect.objectContaining({ name: 'Notat om havneudvikling', itemNumber: null, firstPage: 3 }),
    ]);
    expect(got.warnings.join(' ')).toMatch(
      /pages 3–3 are a bilag appended after the minutes .* that no item lists/,
    );
  });
});
