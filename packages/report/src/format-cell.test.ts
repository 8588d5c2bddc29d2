import { describe, expect, it } from 'vitest';
import { columnAlign, formatCell } from './format-cell.js';
import { escapeHtml } from './escape-html.js';
import { escapeMarkdown, escapeMarkdownCell } from './escape-markdown.js';

// An independent formatter for the expected strings: Intl rounds the exact value too, without toFixed.
const intl = (value: number, digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(value);

describe('formatCell', () => {
  it('prints numbers with the column digits (default 1), strings as given and null as an em dash', () => {
    for (const [value, digits] of [
      [83.349, 2],
      [83.349, 0],
      [40.1, 1],
      [0.000123, 4],
      [-1.3800000000000026, 2],
      [1234567.891, 3],
    ] as const) {
      expect(formatCell(value, { key: 'k', label: 'k', digits })).toBe(intl(value, digits));
    }
    expect(formatCell(71.15, { key: 'k', label: 'k' })).toBe(intl(71.15, 1));
    expect(formatCell('Early fusion', { key: 'k', label: 'k', digits: 3 })).toBe('Early fusion');
    expect(formatCell(null, { key: 'k', label: 'k' })).toBe('—');
  });

  it('prints a value that rounds to zero without a minus sign', () => {
    expect(formatCell(-0.04, { key: 'k', label: 'k', digits: 1 })).toBe('0.0');
    expect(formatCell(-0, { key: 'k', label: 'k', digits: 0 })).toBe('0');
    expect(formatCell(-0.06, { key: 'k', label: 'k', digits: 1 })).toBe('-0.1');
  });

  it('right-aligns columns that hold numbers unless told otherwise', () => {
    const rows = [{ a: 'x', b: 1, c: null }, { a: 'y', b: null, c: null }];
    expect(columnAlign({ key: 'a', label: 'a' }, rows)).toBe('left');
    expect(columnAlign({ key: 'b', label: 'b' }, rows)).toBe('right');
    expect(columnAlign({ key: 'b', label: 'b', align: 'left' }, rows)).toBe('left');
    expect(columnAlign({ key: 'c', label: 'c' }, rows)).toBe('left');
  });
});

describe('escaping', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('escapes Markdown so text prints as written', () => {
    expect(escapeMarkdown('*bold* _it_ `code` [link](x) <b> a|b &copy; ~~s~~ \\')).toBe(
      '\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\> a\\|b \\&copy; \\~\\~s\\~\\~ \\\\',
    );
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('- not a list')).toBe('\\- not a list');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
    // In a table cell a leading minus is just a sign.
    expect(escapeMarkdownCell('-1.38')).toBe('-1.38');
  });
});
