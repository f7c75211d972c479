module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // tests that need AWS's samples from ../shared run through `withSamples` (it, or it.skip without them)
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['withSamples'] },
    ],
  },
});
