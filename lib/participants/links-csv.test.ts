import { describe, expect, it } from 'vitest';
import { csvCell, linksCsv, linksFileName } from './links-csv';

describe('linksCsv', () => {
  it('has a header and one line per participant: name, custom id, link', () => {
    expect(
      linksCsv([
        { name: 'Ada', custom_participant_id: 's-1', join_url: 'https://x.test/join/bpt_a' },
        { name: 'Bea', custom_participant_id: null, join_url: 'https://x.test/join/bpt_b' },
      ]),
    ).toBe(
      'name,custom_participant_id,join_link\r\nAda,s-1,https://x.test/join/bpt_a\r\nBea,,https://x.test/join/bpt_b\r\n',
    );
  });

  it('leaves the link empty for a participant whose link cannot be shown again', () => {
    expect(linksCsv([{ name: 'Old', custom_participant_id: null, join_url: null }])).toContain(
      '\r\nOld,,\r\n',
    );
  });

  it('quotes cells holding commas, quotes or line breaks', () => {
    expect(csvCell('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvCell('Ada "the first"')).toBe('"Ada ""the first"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('a name a spreadsheet would run as a formula is prefixed so it stays text', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell('Ada')).toBe('Ada');
  });
});

describe('linksFileName', () => {
  it('is made of the title in lower case letters, digits and dashes', () => {
    expect(linksFileName('Maths 2B: Algebra!')).toBe('maths-2b-algebra-join-links.csv');
    expect(linksFileName('Über Café')).toBe('uber-cafe-join-links.csv');
    expect(linksFileName('???')).toBe('meeting-join-links.csv');
  });
});
