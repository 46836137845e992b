import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfig } from 'vitepress';

const docsDir = fileURLToPath(new URL('..', import.meta.url));
const apiDir = join(docsDir, 'api');

const packages = [
  'core',
  'nifti-io',
  'masking',
  'estimators',
  'model-selection',
  'datasets',
  'plotting',
] as const;

/** Title of a generated API page from its file name (`Class.SVC.md` -> `SVC`). */
function apiTitle(file: string): string {
  const base = file.replace(/\.md$/, '');
  return base.includes('.') ? base.slice(base.indexOf('.') + 1) : base;
}

const kinds = new Set([
  'classes',
  'interfaces',
  'functions',
  'type-aliases',
  'variables',
  'enumerations',
  'namespaces',
]);

/** The VitePress link of a markdown file under docs/. */
function pageLink(file: string): string {
  return `/${relative(docsDir, file)
    .replace(/\\/g, '/')
    .replace(/(^|\/)index\.md$/, '$1')
    .replace(/\.md$/, '')}`;
}

/**
 * Sidebar of the TypeDoc-generated API reference (docs/api, written by `typedoc` before
 * `vitepress build`): one group per package (a directory holding an `index.md`), one entry per
 * documented symbol, grouped by kind.
 */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const modules: DefaultTheme.SidebarItem[] = [];
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    const entries = readdirSync(dir).sort();
    const groups: DefaultTheme.SidebarItem[] = [];
    for (const name of entries) {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) continue;
      if (kinds.has(name)) {
        const files = readdirSync(path)
          .filter((f) => f.endsWith('.md'))
          .sort();
        groups.push({
          text: name.charAt(0).toUpperCase() + name.slice(1).replace('-', ' '),
          collapsed: true,
          items: files.map((f) => ({ text: apiTitle(f), link: pageLink(join(path, f)) })),
        });
      } else {
        visit(path);
      }
    }
    if (existsSync(join(dir, 'index.md')) && dir !== apiDir) {
      modules.push({
        text: relative(apiDir, dir).replace(/\\/g, '/'),
        link: pageLink(join(dir, 'index.md')),
        collapsed: true,
        items: groups,
      });
    } else if (groups.length > 0) {
      modules.push(...groups);
    }
  };
  visit(apiDir);
  return [{ text: 'API reference', link: '/api/' }, ...modules];
}

export default defineConfig({
  title: 'voxelkit',
  description:
    'fMRI decoding in TypeScript for nilearn and scikit-learn users: NIfTI I/O, NiftiMasker, a libsvm-equivalent SVC, cross-validation, plotting.',
  lang: 'en-US',
  // A link to a page that does not exist fails the build.
  ignoreDeadLinks: false,
  cleanUrls: false,
  lastUpdated: false,
  srcExclude: [
    'generated/**',
    'examples/**',
    'scripts/**',
    'test/**',
    '.run/**',
    '.snippets/**',
    'README.md',
  ],
  // The local search index and the API pages make big chunks; that is expected.
  vite: { build: { chunkSizeWarningLimit: 4000 } },
  markdown: {
    theme: { light: 'github-light', dark: 'github-dark' },
  },
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Tutorial', link: '/tutorial/haxby' },
      { text: 'Packages', link: '/guide/core' },
      { text: 'From nilearn', link: '/guide/coming-from-nilearn' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': apiSidebar(),
      '/': [
        {
          text: 'Introduction',
          items: [
            { text: 'Getting started', link: '/guide/getting-started' },
            { text: 'Coming from nilearn / scikit-learn', link: '/guide/coming-from-nilearn' },
          ],
        },
        {
          text: 'Tutorial',
          items: [{ text: 'Decoding Haxby: face vs cat', link: '/tutorial/haxby' }],
        },
        {
          text: 'Packages',
          items: packages.map((p) => ({ text: `@voxelkit/${p}`, link: `/guide/${p}` })),
        },
        { text: 'Reference', items: [{ text: 'API reference', link: '/api/' }] },
      ],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    footer: {
      message: 'Released under the BSD-3-Clause license.',
    },
  },
});
