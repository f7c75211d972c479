import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

// `yarn docs:screenshots`: the README's pictures, taken from the demo portal (started if it is not running)
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'screenshots.spec.ts',
  retries: 0,
  forbidOnly: false,
  reporter: [['list']],
  outputDir: '../node_modules/.cache/docs-screenshots',
  use: { ...base.use, viewport: { width: 1280, height: 800 } },
});
