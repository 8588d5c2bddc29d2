/**
 * Escapes plain text for Markdown inline content (a table cell, emphasis, link text) so it prints as
 * written: every character that CommonMark or GitHub could read as emphasis, code, a link, raw HTML, an
 * entity, strike-through or a table pipe is backslash-escaped (CommonMark 0.31, section 2.4: any ASCII
 * punctuation may be escaped). Line breaks become spaces, so one text stays one cell or line.
 */
export function escapeMarkdownInline(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[\\`*_[\]<>|&~!]/g, (c) => `\\${c}`);
}

/**
 * Escapes plain text that starts a Markdown block (a paragraph): `escapeMarkdownInline`, and also a
 * leading "#", "+", "-", "=" or "1." / "1)" that would start a heading, list or rule.
 */
export function escapeMarkdown(text: string): string {
  return escapeMarkdownInline(text).replace(/^(\s*)(?:([#+=-])|(\d+)(?=[.)]))/, (_m, space: string, marker?: string, digits?: string) =>
    marker !== undefined ? `${space}\\${marker}` : `${space}${digits}\\`,
  );
}

/** Escapes a table cell: `escapeMarkdownInline`, trimmed. */
export function escapeMarkdownCell(text: string): string {
  return escapeMarkdownInline(text).trim();
}
