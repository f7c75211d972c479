import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  BACKEND,
  demoToken as token,
  signIn,
  waitForPortal,
} from '../packages/app/e2e-tests/portal';

/**
 * The README's screenshots, one per screen, from the demo portal on the embedded local lake. Not a test:
 * run `yarn docs:screenshots` to refresh docs/screenshots/*.png after a change people would see.
 */
const OUT = path.join(__dirname, 'screenshots');

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(OUT, `${name}.png`) });

test.beforeAll(async ({ request }) => waitForPortal(request));

test('coverage', async ({ page }) => {
  await signIn(page, 'Pat Platform');
  await page.goto('/security-lake');
  await expect(
    page.getByRole('table', { name: 'Coverage by account and source' }),
  ).toBeVisible();
  await shot(page, 'coverage');
  await page.getByLabel('Gaps only').check();
  await page
    .getByRole('button', { name: '444444444444 VPC Flow Logs: Stale' })
    .click();
  await expect(
    page.getByRole('region', { name: 'Coverage of 444444444444' }),
  ).toBeVisible();
  await shot(page, 'coverage-account');
});

test('findings', async ({ page }) => {
  await signIn(page, 'Alice Payments');
  await page.goto('/security-lake?tab=findings');
  await expect(
    page.getByRole('button', { name: /^\d+ Critical findings?$/ }),
  ).toBeVisible({
    timeout: 60_000,
  });
  // not mid-read: every account-region read from the lake
  await expect(page.getByRole('progressbar')).toHaveCount(0, {
    timeout: 60_000,
  });
  await shot(page, 'findings');
});

test('queries, a run and the SQL editor', async ({ page }) => {
  await signIn(page, 'Alice Payments');
  await page.goto('/security-lake?tab=queries');
  await expect(
    page.getByRole('textbox', { name: 'Search queries' }),
  ).toBeVisible();
  await shot(page, 'queries');
  await page.goto('/security-lake?tab=queries&query=cloudtrail-iam-changes');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/run=/, { timeout: 60_000 });
  await expect(page.getByText('Succeeded').first()).toBeVisible({
    timeout: 60_000,
  });
  await page.mouse.move(700, 500);
  await page.mouse.wheel(0, 700);
  await shot(page, 'query-run');
  await page.goto('/security-lake?tab=queries&sql=new');
  const sql = page.getByRole('textbox', { name: 'SQL' });
  await sql.click();
  await page.keyboard.insertText(
    'SELECT accountid, api.operation, count(*) AS calls\nFROM amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0\nGROUP BY 1, 2\nORDER BY calls DESC',
  );
  await expect(page.getByText(/^Reads: /)).toBeVisible();
  await shot(page, 'sql-editor');
});

test('subscriber requests', async ({ page, request }) => {
  const alice = { Authorization: `Bearer ${await token(request, 'alice')}` };
  const created = await request.post(
    `${BACKEND}/api/security-lake/subscriber-requests`,
    {
      headers: alice,
      data: {
        subscriberName: `payments-analytics-${Date.now() % 100_000}`,
        principal: '999999999999',
        externalId: 'payments-ext-0001',
        accountIds: ['111111111111'],
        sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
        regions: ['us-east-1'],
        accessType: 'LAKEFORMATION',
        justification: 'Fraud analytics on payments-prod CloudTrail',
      },
    },
  );
  const { id } = await created.json();
  await signIn(page, 'Pat Platform');
  await page.goto('/security-lake?tab=subscribers');
  await expect(page.getByText('Approvals queue')).toBeVisible();
  await shot(page, 'subscribers');
  await page.goto(`/security-lake?tab=subscribers&requestId=${id}`);
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('dialog')).toContainText('accountid IN');
  await shot(page, 'subscriber-approve');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('active', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await shot(page, 'subscriber-request');
});

test('accounts and an entity card', async ({ page }) => {
  await signIn(page, 'Alice Payments');
  await page.goto('/security-lake?tab=accounts');
  await expect(page.getByText('Payments production')).toBeVisible();
  await shot(page, 'accounts');
  await page.goto('/catalog/default/system/payments');
  const critical = page.getByRole('link', {
    name: /^\d+ Critical findings?$/,
  });
  await expect(critical).toBeVisible({ timeout: 60_000 });
  await page.getByText('Security Lake accounts').scrollIntoViewIfNeeded();
  await shot(page, 'entity-page');
});
