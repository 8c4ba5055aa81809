import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Import boundaries from DESIGN.md: one file owns each outside protocol; rotation/ is framework-free.
const protocolOwners = [
  { name: 'imapflow', owner: 'api/src/mailboxes/imap-session.ts' },
  { name: 'nodemailer', owner: 'api/src/replies/smtp-transport.ts' },
  { name: 'mailparser', owner: 'api/src/ingest/parse-email.ts' },
  { name: 'ical-generator', owner: 'api/src/duty/ical-feed.ts' },
];

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
  ...protocolOwners.map(({ owner }) => ({ files: [owner], rules: { 'no-restricted-imports': 'off' } })),
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
