import { expect, test } from '@playwright/test';
import { BACKEND, demoToken, waitForPortal } from './portal';

test.beforeAll(async ({ request }) => waitForPortal(request));

test("a team member sees their team's accounts and not the other team's", async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Alice Payments' }).click();

  await page.getByRole('link', { name: 'Security Lake' }).first().click();
  await expect(page).toHaveURL(/\/security-lake$/);

  await expect(page.getByText(/embedded local lake/i)).toBeVisible();
  await expect(page.getByText('111111111111')).toBeVisible();
  await expect(page.getByText('222222222222')).toBeVisible();
  await expect(page.getByText('Payments production')).toBeVisible();
  // checkout's accounts belong to another team
  await expect(page.getByText('333333333333')).toHaveCount(0);
  await expect(page.getByText('444444444444')).toHaveCount(0);

  await page.screenshot({
    path: test.info().outputPath('security-lake-alice.png'),
    fullPage: true,
  });
});

test('a platform owner sees every account, including one missing from the catalog', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Pat Platform' }).click();
  await page.goto('/security-lake');
  await expect(page.getByText('333333333333')).toBeVisible();
  await expect(page.getByText('777777777777')).toBeVisible();
  await expect(page.getByText(/not in catalog/i)).toBeVisible();
});

test('a platform owner filters coverage to the gaps and finds the stale account', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Pat Platform' }).click();
  await page.goto('/security-lake');
  const matrix = page.getByRole('table', {
    name: 'Coverage by account and source',
  });
  await expect(
    matrix.getByRole('button', {
      name: '555555555555 CloudTrail management events: Healthy',
    }),
  ).toBeVisible();

  await page.getByLabel('Gaps only').check();
  await expect(
    matrix.getByRole('button', {
      name: '444444444444 CloudTrail management events: Stale',
    }),
  ).toBeVisible();
  // an account healthy in every source is gone
  await expect(matrix.getByText('555555555555')).toHaveCount(0);
  await expect(
    matrix.getByRole('button', {
      name: /333333333333 VPC Flow Logs: Misconfigured 2\/3 regions ok, 1 exception/,
    }),
  ).toBeVisible();

  // only what is stale: one account, and its row alone under the header
  await page.getByLabel('Gaps only').uncheck();
  await page.getByRole('button', { name: /^Stale: \d+/ }).click();
  await expect(matrix.getByRole('row')).toHaveCount(2);
  await matrix
    .getByRole('button', { name: '444444444444 VPC Flow Logs: Stale' })
    .click();
  const drawer = page.getByRole('region', { name: 'Coverage of 444444444444' });
  await expect(drawer.getByText('Checkout development')).toBeVisible();
  await expect(
    drawer.getByRole('table', { name: 'Coverage by region and source' }),
  ).toContainText('eu-west-1');
  await page.screenshot({
    path: test.info().outputPath('coverage-stale.png'),
    fullPage: true,
  });
});

test("a team's entity page shows its accounts' coverage and nothing of another team's", async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Carol Checkout' }).click();
  await page.goto('/catalog/default/system/checkout');
  await expect(
    page.getByText('Security Lake coverage', { exact: true }),
  ).toBeVisible();
  const matrix = page.getByRole('table', {
    name: 'Coverage by account and source',
  });
  await expect(
    matrix.getByRole('button', {
      name: '444444444444 CloudTrail management events: Stale',
    }),
  ).toBeVisible();
  await expect(
    matrix.getByRole('button', {
      name: /333333333333 Route 53 resolver query logs: Absent 2\/3 regions ok/,
    }),
  ).toBeVisible();
  await expect(page.getByText('111111111111')).toHaveCount(0);
  await expect(page.getByText('222222222222')).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('coverage-entity-carol.png'),
    fullPage: true,
  });

  // another team's page is closed, not clean: every card says the accounts are not hers to see
  await page.goto('/catalog/default/system/payments');
  await expect(
    page.getByText('No AWS accounts you may see are linked to this entity.'),
  ).toHaveCount(3);
  await expect(page.getByText(/No findings|Clear a filter/)).toHaveCount(0);
  await expect(page.getByText('111111111111')).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('entity-other-team-carol.png'),
    fullPage: true,
  });
});

test("a team member runs a library query for their account, sees its rows, downloads the CSV, and is refused another team's account", async ({
  page,
  request,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Alice Payments' }).click();
  await page.goto('/security-lake?tab=queries');

  await page.getByRole('textbox', { name: 'Search queries' }).fill('bucket');
  // the library's link, not one of the user's earlier runs of it
  await page
    .locator('a[href$="?tab=queries&query=s3-bucket-activity"]')
    .click();
  await expect(page).toHaveURL(/query=s3-bucket-activity/);

  // only the team's own accounts are offered
  await expect(
    page.getByText('111111111111 · Payments production'),
  ).toBeVisible();
  await expect(page.getByText(/333333333333/)).toHaveCount(0);

  await page.getByRole('textbox', { name: 'Bucket name' }).fill('Not A Bucket');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText(/does not look like/i).first()).toBeVisible();

  await page
    .getByRole('textbox', { name: 'Bucket name' })
    .fill('payments-invoices-111111111111');
  await page.getByRole('radio', { name: 'Last 7 days' }).check();
  await page.getByRole('textbox', { name: 'Bucket name' }).press('Enter');

  await expect(page).toHaveURL(/run=[0-9a-f-]{36}/);
  await expect(page.getByText('Succeeded')).toBeVisible({ timeout: 60_000 });
  const results = page.getByRole('table', { name: 'Query results' });
  await expect(
    results.getByText('payments-invoices-111111111111').first(),
  ).toBeVisible();
  await expect(results.getByText('333333333333')).toHaveCount(0);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await new Promise<string>((resolve, reject) => {
    download.createReadStream().then(stream => {
      const chunks: Buffer[] = [];
      stream.on('data', c => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    }, reject);
  });
  const lines = csv.trim().split('\n');
  expect(lines[0]).toContain('"operation"');
  expect(lines.length).toBeGreaterThan(1);
  expect(csv).toContain('payments-invoices-111111111111');
  expect(csv).not.toContain('333333333333');

  await page.screenshot({
    path: test.info().outputPath('security-lake-query-run.png'),
    fullPage: true,
  });

  // the same run for checkout's account: refused, naming the account
  const token = await page.evaluate(async () => {
    const res = await fetch('http://localhost:7007/api/auth/demo/refresh', {
      headers: { 'x-demo-user': 'alice', 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    });
    return (await res.json()).backstageIdentity.token as string;
  });
  const refused = await request.post(`${BACKEND}/api/security-lake/runs`, {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      queryId: 's3-bucket-activity',
      accountIds: ['333333333333'],
      parameters: { bucket: 'checkout-orders' },
    },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe(
    'accountIds: you may not query account 333333333333',
  );
});

test("a team member sees their findings by severity, opens the critical ones, one finding's remediation and the logs around it; the other team sees none of it", async ({
  page,
  request,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Alice Payments' }).click();
  await page.goto('/catalog/default/system/payments');

  // the entity card: counts by severity, each linking to the list filtered to it
  await expect(
    page.getByText('Security Lake findings', { exact: true }).first(),
  ).toBeVisible();
  const critical = page.getByRole('link', {
    name: /^\d+ Critical findings?$/,
  });
  await expect(critical).toBeVisible({ timeout: 60_000 });
  await page.screenshot({
    path: test.info().outputPath('findings-entity-card.png'),
    fullPage: true,
  });
  await critical.click();
  await expect(page).toHaveURL(/tab=findings/);
  await expect(page).toHaveURL(/severity=Critical/);

  const table = page.getByRole('table', { name: 'Findings' });
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  // only Critical ones, only the team's accounts
  await expect(table.getByText('High', { exact: true })).toHaveCount(0);
  await expect(table.getByText('333333333333')).toHaveCount(0);
  await expect(table.getByText('444444444444')).toHaveCount(0);
  await page.screenshot({
    path: test.info().outputPath('findings-critical.png'),
    fullPage: true,
  });

  await rows.first().click();
  await expect(page).toHaveURL(/finding=/);
  const drawer = page.getByRole('region', { name: 'Finding details' });
  await expect(drawer.getByText('Remediation', { exact: true })).toBeVisible();
  await expect(
    drawer.getByRole('link', { name: /Open in Security Hub/ }),
  ).toHaveAttribute('href', /securityhub\/home\?region=/);
  await drawer
    .getByRole('button', { name: 'Show logs around this finding' })
    .click();
  const runs = drawer.getByRole('table', {
    name: 'Runs of the logs around this finding',
  });
  await expect(runs.getByText('Succeeded').first()).toBeVisible({
    timeout: 60_000,
  });
  await page.screenshot({
    path: test.info().outputPath('findings-logs-around.png'),
    fullPage: true,
  });
  const findingId = new URL(page.url()).searchParams.get('finding')!;

  // each run opens in the Queries tab, with its rows
  await runs
    .getByRole('link', { name: /^Open .* in Queries$/ })
    .first()
    .click();
  await expect(page).toHaveURL(/tab=queries.*run=[0-9a-f-]{36}/);
  await expect(page.getByText('Succeeded')).toBeVisible({ timeout: 60_000 });

  // the other team: not through the API either
  const carol = {
    Authorization: `Bearer ${await demoToken(request, 'carol')}`,
  };
  const theirs = await request.get(
    `${BACKEND}/api/security-lake/findings/${encodeURIComponent(findingId)}`,
    { headers: carol },
  );
  expect(theirs.status()).toBe(404);
  const list = await request.get(
    `${BACKEND}/api/security-lake/findings?severity=Critical&windowDays=30`,
    { headers: carol },
  );
  expect(list.status()).toBe(200);
  const body = await list.json();
  expect(body.items.length).toBeGreaterThan(0);
  for (const finding of body.items) {
    expect(['333333333333', '444444444444']).toContain(finding.accountId);
  }
  const refused = await request.get(
    `${BACKEND}/api/security-lake/findings/summary?accountId=111111111111`,
    { headers: carol },
  );
  expect(refused.status()).toBe(404);
});

test('a team member writes ad-hoc SQL, sees the parse error at its line, fixes it, runs it and saves it; a platform owner sees every account in the same query, the team only its own', async ({
  page,
  request,
}) => {
  const table = 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0';
  const name = `Calls per account ${Date.now()}`;
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in as Alice Payments' }).click();
  await page.goto('/security-lake?tab=queries');
  await page.getByRole('button', { name: 'New SQL query' }).click();

  const editor = page.getByRole('textbox', { name: 'SQL' });
  await editor.click();
  // the completion popup takes Enter while it is open, so each line ends with Escape first
  const typeLines = async (lines: string[]) => {
    for (const [i, line] of lines.entries()) {
      await page.keyboard.type(line);
      await page.keyboard.press('Escape');
      if (i < lines.length - 1) await page.keyboard.press('Enter');
    }
  };
  await typeLines(['SELECT accountid, count(*) AS calls', `FORM ${table}`]);
  const problems = page.getByRole('alert');
  // after the alias `calls`, FORM can only be a mistake
  await expect(problems).toContainText(
    'Line 2, column 1: syntax error at or near "FORM"',
  );
  await expect(page.getByRole('button', { name: 'Run' })).toBeDisabled();

  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await typeLines([
    'SELECT accountid, count(*) AS calls',
    `FROM ${table}`,
    'GROUP BY accountid',
  ]);
  await expect(page.getByText(/^Reads: CloudTrail/)).toBeVisible();
  await expect(problems).toHaveCount(0);
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByText('Succeeded')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('cell', { name: '111111111111' })).toBeVisible();
  // the statement names no account, and still reads only the team's
  await expect(page.getByRole('cell', { name: '333333333333' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Save as…' }).click();
  await page.getByLabel('Name').fill(name);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Saved “${name}” for your team`)).toBeVisible();
  await page.getByRole('link', { name: 'All queries' }).click();
  await expect(
    page
      .getByRole('region', { name: "Your team's queries" })
      .getByRole('link', { name }),
  ).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath('security-lake-team-queries.png'),
    fullPage: true,
  });

  // the same statement for the platform owner over every account, and for the team member over theirs
  const accountsRead = async (user: string) => {
    const headers = {
      Authorization: `Bearer ${await demoToken(request, user)}`,
    };
    const accounts = (
      await (
        await request.get(`${BACKEND}/api/security-lake/accounts`, { headers })
      ).json()
    ).items.map((a: { accountId: string }) => a.accountId);
    const started = await request.post(`${BACKEND}/api/security-lake/runs`, {
      headers,
      data: {
        sql: `SELECT accountid, count(*) AS calls FROM ${table} GROUP BY accountid`,
        accountIds: accounts,
        parameters: { region: 'us-east-1' },
      },
    });
    expect(started.status()).toBe(202);
    const { id } = await started.json();
    await expect
      .poll(
        async () =>
          (
            await (
              await request.get(
                `${BACKEND}/api/security-lake/runs/${id}?waitSeconds=10`,
                { headers },
              )
            ).json()
          ).state,
        { timeout: 60_000 },
      )
      .toBe('SUCCEEDED');
    const page1 = await (
      await request.get(`${BACKEND}/api/security-lake/runs/${id}/results`, {
        headers,
      })
    ).json();
    return page1.rows.map((row: string[]) => row[0]).sort();
  };
  const pats = await accountsRead('pat');
  expect(pats).toEqual(
    expect.arrayContaining(['111111111111', '333333333333']),
  );
  expect(await accountsRead('alice')).toEqual(
    pats.filter((a: string) => ['111111111111', '222222222222'].includes(a)),
  );
});

test('a team member requests query access, a platform owner approves it, it becomes active with the guided finish and a notification; a rejection and a revoke work too', async ({
  browser,
  request,
}) => {
  const name = `payments-analytics-${Date.now()}`;
  const alice = await (await browser.newContext()).newPage();
  await alice.goto('/');
  await alice
    .getByRole('button', { name: 'Sign in as Alice Payments' })
    .click();
  await alice.goto('/security-lake?tab=subscribers');
  await alice.getByRole('button', { name: 'Request access' }).click();
  await alice.getByRole('textbox', { name: /^Subscriber name/ }).fill(name);
  await alice
    .getByRole('textbox', { name: /^Subscriber principal/ })
    .fill('999999999999');
  await alice.getByRole('button', { name: 'Generate' }).click();
  await alice
    .getByRole('textbox', { name: /^Justification/ })
    .fill('Fraud analytics on our own CloudTrail, from the analytics account');
  await expect(
    alice.getByRole('region', { name: 'What will be created' }),
  ).toContainText("accountid IN ('111111111111', '222222222222')");
  await alice.getByRole('button', { name: 'Submit request' }).click();
  await expect(alice.getByRole('heading', { name, level: 2 })).toBeVisible();
  await expect(alice.getByText('pending', { exact: true })).toBeVisible();
  const requestId = new URL(alice.url()).searchParams.get('requestId');
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

  const pat = await (await browser.newContext()).newPage();
  await pat.goto('/');
  await pat.getByRole('button', { name: 'Sign in as Pat Platform' }).click();
  await pat.goto('/security-lake?tab=subscribers');
  await pat
    .getByRole('region', { name: 'Subscriber requests' })
    .getByRole('link', { name })
    .click();
  await pat.getByRole('button', { name: 'Approve' }).click();
  await pat.getByRole('textbox', { name: 'Comment' }).fill('Team scope, fine');
  await pat.getByRole('button', { name: 'Confirm' }).click();
  // the local control plane grants the filters at once; the page follows the request until it is active
  await expect(pat.getByText('active', { exact: true })).toBeVisible({
    timeout: 60_000,
  });

  await alice.reload();
  await expect(alice.getByText('active', { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    alice.getByRole('heading', { name: 'Finish setting up access' }),
  ).toBeVisible();
  await expect(
    alice
      .getByText(
        /aws glue create-database --region us-east-1|aws glue create-database --region eu-west-1/,
      )
      .first(),
  ).toBeVisible();
  await alice.screenshot({
    path: test.info().outputPath('security-lake-subscriber-active.png'),
    fullPage: true,
  });
  await alice.goto('/notifications');
  await expect(
    alice.getByText(`Your access ${name} is ready: finish setting it up`),
  ).toBeVisible({ timeout: 30_000 });

  // the platform owner revokes it, and the team's access is gone
  await pat.reload();
  await pat.getByRole('button', { name: 'Revoke' }).click();
  await pat.getByRole('button', { name: 'Confirm' }).click();
  await expect(pat.getByText('revoked', { exact: true })).toBeVisible();

  // a second request, rejected through the API; the other team sees neither
  const headers = (user: string) =>
    demoToken(request, user).then(token => ({
      Authorization: `Bearer ${token}`,
    }));
  const second = await request.post(
    `${BACKEND}/api/security-lake/subscriber-requests`,
    {
      headers: await headers('alice'),
      data: {
        subscriberName: `${name}-2`,
        principal: '999999999999',
        externalId: 'payments-ext-0002',
        accountIds: ['111111111111'],
        sources: [{ source: 'VPC_FLOW', version: '2.0' }],
        regions: ['us-east-1'],
        accessType: 'LAKEFORMATION',
        justification: 'Flow logs of our production account',
      },
    },
  );
  expect(second.status()).toBe(201);
  const { id } = await second.json();
  const rejected = await request.post(
    `${BACKEND}/api/security-lake/subscriber-requests/${id}/reject`,
    {
      headers: await headers('pat'),
      data: { comment: 'Use the shared dashboard' },
    },
  );
  expect((await rejected.json()).state).toBe('rejected');
  const carol = await headers('carol');
  for (const requested of [requestId, id]) {
    const theirs = await request.get(
      `${BACKEND}/api/security-lake/subscriber-requests/${requested}`,
      { headers: carol },
    );
    expect(theirs.status()).toBe(404);
  }
});

test('a grant is exactly what was approved: a request for one of the team’s two accounts puts a filter naming that one, and the page offers to extend it', async ({
  browser,
  request,
}) => {
  const name = `payments-prod-only-${Date.now()}`;
  const auth = async (user: string) => ({
    Authorization: `Bearer ${await demoToken(request, user)}`,
  });
  const created = await request.post(
    `${BACKEND}/api/security-lake/subscriber-requests`,
    {
      headers: await auth('alice'),
      data: {
        subscriberName: name,
        principal: '999999999999',
        externalId: 'payments-ext-0003',
        accountIds: ['111111111111'],
        sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
        regions: ['us-east-1'],
        accessType: 'LAKEFORMATION',
        justification: 'CloudTrail of payments-prod only',
      },
    },
  );
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const onlyProd = "accountid IN ('111111111111')";

  // the approver reads the filter that will be put, word for word, before confirming
  const pat = await (await browser.newContext()).newPage();
  await pat.goto('/');
  await pat.getByRole('button', { name: 'Sign in as Pat Platform' }).click();
  await pat.goto(`/security-lake?tab=subscribers&requestId=${id}`);
  await pat.getByRole('button', { name: 'Approve' }).click();
  const dialog = pat.getByRole('dialog');
  await expect(dialog).toContainText(onlyProd);
  await expect(dialog).not.toContainText('222222222222');
  await pat.getByRole('textbox', { name: 'Comment' }).fill('Prod only, fine');
  await pat.getByRole('button', { name: 'Confirm' }).click();
  await expect(pat.getByText('active', { exact: true })).toBeVisible({
    timeout: 60_000,
  });

  // what is in place names payments-prod alone; payments-dev is the team's, and not covered
  const alice = await (await browser.newContext()).newPage();
  await alice.goto('/');
  await alice
    .getByRole('button', { name: 'Sign in as Alice Payments' })
    .click();
  await alice.goto(`/security-lake?tab=subscribers&requestId=${id}`);
  await expect(alice.getByText('active', { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await expect(alice.getByText(onlyProd).first()).toBeVisible();
  await expect(
    alice.getByText('The team has accounts this grant does not cover'),
  ).toBeVisible();
  await expect(
    alice.getByRole('button', { name: 'Ask to extend' }),
  ).toBeVisible();
  await alice.screenshot({
    path: test.info().outputPath('security-lake-grant-exact.png'),
    fullPage: true,
  });
  const detail = await (
    await request.get(
      `${BACKEND}/api/security-lake/subscriber-requests/${id}`,
      {
        headers: await auth('alice'),
      },
    )
  ).json();
  expect(detail.grantedAccountIds).toEqual(['111111111111']);
  expect(detail.uncoveredAccountIds).toEqual(['222222222222']);
  expect(
    detail.rowFilters.map((f: { rowFilter: string }) => f.rowFilter),
  ).toEqual([onlyProd]);
});
