import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfig } from 'vitepress';

const docsDir = fileURLToPath(new URL('..', import.meta.url));
const apiDir = join(docsDir, 'api');

const packages = [
  'core',
  'nifti-io',
  'masking',
  'metrics',
  'estimators',
  'model-selection',
  'datasets',
  'plotting',
  'cluster',
] as const;

/**
 * Sidebar of the TypeDoc-generated API reference (docs/api, written by `typedoc` before
 * `vitepress build`, one page per package: api/@voxelkit/<package>.md).
 */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const dir = join(apiDir, '@voxelkit');
  const pages = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.replace(/\.md$/, ''))
    : [];
  const ordered = [
    ...packages.filter((p) => pages.includes(p)),
    ...pages.filter((p) => !(packages as readonly string[]).includes(p)).sort(),
  ];
  return [
    {
      text: 'API reference',
      link: '/api/',
      items: ordered.map((p) => ({ text: `@voxelkit/${p}`, link: `/api/@voxelkit/${p}` })),
    },
  ];
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
    socialLinks: [{ icon: 'github', link: 'https://github.com/voxelkit/voxelkit' }],
    nav: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Tutorial', link: '/tutorial/haxby' },
      { text: 'Try it', link: '/guide/try-it' },
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
          items: [
            { text: 'Decoding Haxby: face vs cat', link: '/tutorial/haxby' },
            { text: 'Choosing an estimator', link: '/guide/choosing-an-estimator' },
            { text: 'Try it in your browser', link: '/guide/try-it' },
            { text: 'Searchlight: face vs house', link: '/tutorial/haxby-searchlight' },
            { text: 'ANOVA + SVM: face vs house', link: '/tutorial/haxby-anova-svm' },
            { text: 'Different classifiers', link: '/tutorial/haxby-different-estimators' },
          ],
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
