import type { CodegenConfig } from '@graphql-codegen/cli';

// api/schema.graphql is printed from the Pothos schema (pnpm schema:print) and committed.
const config: CodegenConfig = {
  schema: 'api/schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**/*', '!web/src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' } },
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown', ID: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: false,
        nonOptionalTypename: true,
        avoidOptionals: false,
      },
    },
    'web/src/gql/introspection.ts': {
      plugins: ['./web/codegen/introspection-plugin.mjs'],
    },
  },
};

export default config;
