import path from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import boundaries from DESIGN.md: one file owns each outside protocol; rotation/ is framework-free.
const protocolOwners = [
  { name: 'imapflow', owner: 'api/src/mail/imap-session.ts' },
  { name: 'nodemailer', owner: 'api/src/mail/smtp-transport.ts' },
  { name: 'mailparser', owner: 'api/src/mail/parse-email.ts', alsoIn: ['api/src/mail/parse-email.worker.ts'] },
  { name: 'ical-generator', owner: 'api/src/duty/ical-feed.ts' },
];

// The API's layers, bottom first (docs/architecture.md draws them). A folder imports only folders of
// lower layers: never up, never sideways, so there are no cycles between folders. Files directly in
// api/src (main.ts, app.module.ts, entities.ts) compose the app and may import anything.
const apiLayers = [
  ['config'],
  ['common'],
  ['database'],
  ['mail', 'audit'],
  ['people'],
  ['notifications', 'profile'],
  ['mailboxes'],
  ['duty', 'invitations'],
  ['conversations', 'notification-delivery'],
  ['ingest', 'replies'],
  ['sync', 'feedback', 'live', 'health', 'reports'],
  ['digest', 'customers'],
];
const apiRoot = path.resolve(import.meta.dirname, 'api/src');
const layerOf = new Map(apiLayers.flatMap((folders, rank) => folders.map((folder) => [folder, rank])));
/** `mailboxes` for api/src/mailboxes/x.ts, '' for api/src/main.ts, null outside api/src. */
const apiFolderOf = (file) => {
  const relative = path.relative(apiRoot, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  return parts.length === 1 ? '' : parts[0];
};
const layersPlugin = {
  rules: {
    layers: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const from = apiFolderOf(context.filename);
        if (from === null || from === '') return {};
        const check = (node) => {
          const source = node.source;
          if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
          const to = apiFolderOf(path.resolve(path.dirname(context.filename), source.value));
          if (to === null || to === from) return;
          const fromRank = layerOf.get(from);
          const toRank = layerOf.get(to);
          if (fromRank === undefined || toRank === undefined) {
            context.report({ node: source, message: `api/src/${fromRank === undefined ? from : to}/ has no layer: add it to apiLayers in eslint.config.js.` });
          } else if (to === '' || toRank >= fromRank) {
            const direction = to === '' || toRank > fromRank ? 'up' : 'sideways';
            context.report({ node: source, message: `api/src/${from}/ may not import ${to === '' ? 'the app root' : `api/src/${to}/`} (${direction} the layers; see apiLayers in eslint.config.js).` });
          }
        };
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.wholegrain/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through api/src/config/config.ts only.' },
      ],
      'no-restricted-imports': [
        'error',
        { paths: protocolOwners.map(({ name, owner }) => ({ name, message: `Only ${owner} may import ${name}.` })) },
      ],
    },
  },
  {
    files: ['api/src/**/*.ts'],
    plugins: { wholegrain: layersPlugin },
    rules: { 'wholegrain/layers': 'error' },
  },
  {
    // Decorated Nest classes need value imports for emitDecoratorMetadata.
    files: ['api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Services decide, repositories do I/O: only entities, repositories and database/ touch TypeORM.
    files: ['api/src/**/*.ts'],
    ignores: ['**/*.entity.ts', '**/*.repository.ts', 'api/src/database/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...protocolOwners.map(({ name, owner }) => ({ name, message: `Only ${owner} may import ${name}.` })),
            { name: 'typeorm', message: 'Only entities, repositories and api/src/database/ import typeorm.' },
            { name: '@nestjs/typeorm', message: 'Only entities, repositories and api/src/database/ import @nestjs/typeorm.' },
          ],
        },
      ],
    },
  },
  ...protocolOwners.map(({ owner, alsoIn = [] }) => ({ files: [owner, ...alsoIn], rules: { 'no-restricted-imports': 'off' } })),
  {
    files: ['api/src/config/config.ts', 'scripts/**', 'test/**', 'web/vite.config.ts', 'api/src/main.ts', 'api/src/database/migration-cli.ts', 'api/src/database/embedded-postgres.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['rotation/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(node:|@nestjs/|typeorm|pg$|express)', message: 'rotation/ is framework-free: plain data in, decisions out.' }] },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'rotation/ takes "now" as an argument; never read the clock.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'rotation/ takes "now" as an argument; never read the clock.' },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['web/public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Benchmarks measure the raw libraries as baselines; tests read the mail they receive with mailparser.
    files: ['test/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
