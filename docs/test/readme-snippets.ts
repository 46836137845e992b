/**
 * Extraction of the runnable usage snippets of the packages' README files.
 *
 * Every fenced ```ts (or ```typescript) block is a snippet that must run as it is, unless the
 * line right before its fence (blank lines aside) is an HTML comment starting with
 * `<!-- skip-snippet`, e.g. `<!-- skip-snippet: downloads the real dataset -->`.
 */
import { readFileSync } from 'node:fs';

/** One fenced TypeScript block of a README. */
export interface Snippet {
  /** 1-based line of the opening fence. */
  line: number;
  /** The code between the fences. */
  code: string;
  /** True when marked with `<!-- skip-snippet … -->`. */
  skip: boolean;
  /** The text of the skip comment, when skipped. */
  reason?: string;
}

const OPEN = /^\s*(`{3,}|~{3,})\s*(ts|typescript)\b.*$/;
const SKIP = /^\s*<!--\s*skip-snippet\b(.*?)-->\s*$/;

/** The TypeScript snippets of a markdown text, in order. */
export function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence === undefined) {
      const open = OPEN.exec(line);
      const other = /^\s*(`{3,}|~{3,})/.exec(line);
      if (open) {
        let j = i - 1;
        while (j >= 0 && lines[j].trim() === '') j--;
        const skip = j >= 0 ? SKIP.exec(lines[j]) : null;
        const body: string[] = [];
        let k = i + 1;
        const close = new RegExp(`^\\s*${open[1][0] === '`' ? '`' : '~'}{${open[1].length},}\\s*$`);
        while (k < lines.length && !close.test(lines[k])) body.push(lines[k++]);
        snippets.push({
          line: i + 1,
          code: `${body.join('\n')}\n`,
          skip: skip !== null,
          ...(skip ? { reason: skip[1].replace(/^[\s:—-]+/, '').trim() } : {}),
        });
        i = k;
      } else if (other) {
        fence = other[1];
      }
    } else if (line.trim().startsWith(fence)) {
      fence = undefined;
    }
  }
  return snippets;
}

/** The snippets of a README file. */
export function readSnippets(path: string): Snippet[] {
  return extractSnippets(readFileSync(path, 'utf8'));
}
