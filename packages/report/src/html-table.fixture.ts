// Reads tables back out of rendered HTML and Markdown for the tests.

export interface ParsedTable {
  readonly caption: string;
  readonly head: string[];
  readonly rows: string[][];
  /** Per column, whether its header cell is right-aligned (class "num"). */
  readonly rightAligned: boolean[];
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every <table> in a page, its cells as text. */
export function htmlTables(html: string): ParsedTable[] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => {
    const body = m[1];
    const caption = unescapeHtml(/<caption>([\s\S]*?)<\/caption>/.exec(body)?.[1] ?? '');
    const rowsHtml = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<(t[hd])([^>]*)>([\s\S]*?)<\/t[hd]>/g)]);
    const [head, ...rows] = rowsHtml;
    return {
      caption,
      head: head.map((c) => unescapeHtml(c[3])),
      rightAligned: head.map((c) => /class="[^"]*\bnum\b/.test(c[2])),
      rows: rows.map((r) => r.map((c) => unescapeHtml(c[3]))),
    };
  });
}

/** Every pipe table in a Markdown text, cells unescaped (backslash escapes removed). */
export function markdownTables(markdown: string): { head: string[]; align: string[]; rows: string[][] }[] {
  const lines = markdown.split('\n');
  const tables: { head: string[]; align: string[]; rows: string[][] }[] = [];
  const cells = (line: string) =>
    line
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((c) => c.replace(/\\(.)/g, '$1'));
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('| ') || !lines[i + 1]?.startsWith('| :---') && !lines[i + 1]?.startsWith('| ---:')) continue;
    const table = { head: cells(lines[i]), align: cells(lines[i + 1]), rows: [] as string[][] };
    i += 2;
    while (lines[i]?.startsWith('| ')) table.rows.push(cells(lines[i++]));
    tables.push(table);
  }
  return tables;
}
