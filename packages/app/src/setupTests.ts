import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// These tests render MUI pages in jsdom on a 2-core machine, beside the backend suites (DuckDB, two
// databases) in the same run. A screen that settles in 200 ms alone can take a few seconds then: the
// waits (findBy*, waitFor) wait for what the test depends on for up to 5 s, not 1 s, and a test may take
// 20 s. Nothing here sleeps; a test that waits the full time fails as it would have before.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(20_000);
