module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // tests that need AWS's samples from ../shared run through `withSamples` (it, or it.skip without them)
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['withSamples'] },
    ],
  },
  overrides: [
    {
      // the module's own tests start it with the plugin it plugs into
      files: [
        'src/module.test.ts',
        'src/adhoc.test.ts',
        'src/adhoc.differential.test.ts',
      ],
      rules: { '@backstage/no-mixed-plugin-imports': 'off' },
    },
  ],
});
