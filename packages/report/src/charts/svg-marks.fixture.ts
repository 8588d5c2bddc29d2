// Reads marks back out of a Vega SVG for the tests: each data mark is an element with
// aria-roledescription ("point", "bar", "rect mark") and an aria-label naming its fields and values.

export interface SvgMark {
  readonly label: string;
  /** The element's attributes (d, transform, fill, …). */
  readonly attrs: Readonly<Record<string, string>>;
}

/** Every element whose aria-roledescription is `role`, in document order. */
export function svgMarks(svg: string, role: string): SvgMark[] {
  const marks: SvgMark[] = [];
  for (const match of svg.matchAll(/<(?:path|text|line)\s([^>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of match[1].matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = unescapeXml(a[2]);
    if (attrs['aria-roledescription'] === role) marks.push({ label: attrs['aria-label'] ?? '', attrs });
  }
  return marks;
}

/** The fields of an aria-label "Epoch: 1; GAP: 2; Model: a" as a record. */
export function labelFields(label: string): Record<string, string> {
  return Object.fromEntries(
    label.split('; ').map((part) => {
      const at = part.lastIndexOf(': ');
      return [part.slice(0, at), part.slice(at + 2)];
    }),
  );
}

/** The translate(x,y) of a mark. */
export function translateOf(mark: SvgMark): [number, number] {
  const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(mark.attrs.transform ?? '');
  if (!m) throw new Error(`mark "${mark.label}" has no translate()`);
  return [Number(m[1]), Number(m[2])];
}

/** The [x, y, width, height] of a rect drawn as the path "Mx,yhWvHh-WZ". */
export function rectOf(mark: SvgMark): [number, number, number, number] {
  const m = /^M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)h/.exec(mark.attrs.d ?? '');
  if (!m) throw new Error(`mark "${mark.label}" is not a rect path: ${mark.attrs.d}`);
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/** The text of every <text> element (axis titles, labels, legend entries), unescaped. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1]));
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
