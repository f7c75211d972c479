module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // a benchmark runs from its source folder, never from a production build
    'no-restricted-syntax': 'off',
  },
});
