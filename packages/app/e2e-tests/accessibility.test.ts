import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page, test } from '@playwright/test';
import { api, signIn, waitForPortal } from './portal';

/**
 * Every screen, as each demo user: no serious or critical axe-core violation at 1440 px, and at 1440 and
 * 390 px nothing scrolls sideways except the matrix and the tables, which say that they do.
 */

interface Screen {
  name: string;
  path: string;
  /** what shows once the screen has loaded */
  ready: (page: Page) => Locator;
  /** what to do once the page is there (open a drawer) */
  open?: (page: Page) => Promise<void>;
}

const USERS = [
  { id: 'alice', name: 'Alice Payments', own: 'payments', other: 'checkout' },
  { id: 'carol', name: 'Carol Checkout', own: 'checkout', other: 'payments' },
  { id: 'pat', name: 'Pat Platform', own: 'payments', other: 'checkout' },
] as const;

test.beforeAll(async ({ request }) => waitForPortal(request));

/** The screens a user can reach, with their own query run, finding and subscriber request to open. */
async function screensOf(
  request: Parameters<typeof api>[0],
  user: (typeof USERS)[number],
): Promise<Screen[]> {
  const lake = await api(request, user.id);
  const accounts = (await lake.get('/accounts')).items as {
    accountId: string;
  }[];
  const query = (await lake.get('/queries')).items[0].id as string;
  const run = await lake.post('/runs', {
    queryId: query,
    accountIds: [accounts[0].accountId],
  });
  let finding: string | undefined;
  await expect
    .poll(
      async () => {
        finding = (await lake.get('/findings?limit=1')).items[0]?.id;
        return finding !== undefined;
      },
      { timeout: 90_000, message: 'the findings are read from the lake' },
    )
    .toBe(true);
  const requests = (await lake.get('/subscriber-requests')).items as {
    id: string;
    state: string;
  }[];
  let subscriberRequest =
    requests[0]?.id ??
    (
      await lake.post('/subscriber-requests', {
        subscriberName: `${user.own} log reader`,
        principal: '999999999999',
        externalId: `${user.id}-reader`,
        accountIds: [accounts[0].accountId],
        sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
        regions: ['us-east-1'],
        accessType: 'LAKEFORMATION',
        justification: 'Our detection pipeline reads our own trail',
      })
    ).id;
  // the platform owner looks at an approved one: the request page at its fullest, with the guided finish
  const pending = requests.find(r => r.state === 'pending');
  if (user.id === 'pat' && pending) {
    await lake.post(`/subscriber-requests/${pending.id}/approve`, {});
    await expect
      .poll(
        async () =>
          (
            await lake.get(`/subscriber-requests/${pending.id}`)
          ).state,
        { timeout: 60_000, message: 'the approved request is provisioned' },
      )
      .toBe('active');
    subscriberRequest = pending.id;
  }

  const tab = (search: string) => `/security-lake?${search}`;
  const matrix = (page: Page) =>
    page
      .getByRole('table', { name: 'Coverage by account and source' })
      .getByRole('button')
      .first();
  return [
    { name: 'coverage', path: '/security-lake', ready: matrix },
    {
      name: 'coverage of one account',
      path: '/security-lake',
      open: async page => matrix(page).click(),
      ready: page =>
        page.getByRole('table', { name: 'Coverage by region and source' }),
    },
    {
      name: 'findings',
      path: tab('tab=findings'),
      ready: page => page.getByRole('table', { name: 'Findings' }),
    },
    {
      name: 'one finding',
      path: tab(`tab=findings&finding=${encodeURIComponent(finding!)}`),
      ready: page =>
        page.getByRole('heading', { name: 'Logs around this finding' }),
    },
    {
      name: 'query library',
      path: tab('tab=queries'),
      ready: page => page.getByRole('link', { name: /IAM users/ }).first(),
    },
    {
      name: 'one library query',
      path: tab(`tab=queries&query=${query}`),
      ready: page => page.getByRole('button', { name: /^Run/ }).first(),
    },
    {
      name: 'one run',
      path: tab(`tab=queries&run=${run.id}`),
      ready: page => page.getByRole('table', { name: 'Query results' }),
    },
    {
      name: 'SQL editor',
      path: tab('tab=queries&sql=new'),
      // Carol may run only the library's queries
      ready: page =>
        page
          .getByRole('form', { name: 'SQL query' })
          .or(page.getByText('You may not run your own SQL')),
    },
    {
      name: 'subscriber requests',
      path: tab('tab=subscribers&state=all'),
      ready: page => page.getByRole('link', { name: /log reader/ }).first(),
    },
    {
      name: 'new subscriber request',
      path: tab('tab=subscribers&request=new'),
      ready: page => page.getByRole('form', { name: 'Request access' }),
    },
    {
      name: 'one subscriber request',
      path: tab(`tab=subscribers&requestId=${subscriberRequest}`),
      ready: page => page.getByRole('list', { name: 'History' }),
    },
    {
      name: 'accounts',
      path: tab('tab=accounts'),
      ready: page => page.getByText(accounts[0].accountId).first(),
    },
    {
      name: "own team's entity page",
      path: `/catalog/default/system/${user.own}`,
      ready: matrix,
    },
    {
      name: "other team's entity page",
      path: `/catalog/default/system/${user.other}`,
      ready: page =>
        user.id === 'pat'
          ? matrix(page)
          : page
              .getByText(
                'No AWS accounts you may see are linked to this entity.',
              )
              .first(),
    },
  ];
}

/** Opens a screen and waits until nothing on it is still loading. */
async function visit(page: Page, screen: Screen) {
  await page.goto(screen.path);
  await screen.open?.(page);
  await expect(screen.ready(page)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0, {
    timeout: 60_000,
  });
  await expect(page.getByText('…', { exact: true })).toHaveCount(0);
}

/**
 * What scrolls sideways that shouldn't: the page itself, or any scroller that is not a scroll area showing
 * its cue (`data-scroll-more` names the side with more to see).
 */
function sidewaysScrolling(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > root.clientWidth + 1) {
      problems.push(
        `the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`,
      );
    }
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const style = getComputedStyle(el);
      if (!['auto', 'scroll'].includes(style.overflowX)) continue;
      if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0)
        continue;
      const area = el.closest('[data-scroll-area]');
      // a tab list that scrolls shows its arrows
      const arrows = Array.from(
        el.parentElement?.querySelectorAll<HTMLElement>(
          '[class*="MuiTabs-scrollButtons"]:not(.Mui-disabled)',
        ) ?? [],
      );
      if (arrows.some(arrow => arrow.offsetWidth > 0)) continue;
      if (!area || !area.getAttribute('data-scroll-more')) {
        const label =
          el.getAttribute('aria-label') ??
          el.querySelector('[aria-label], th, h2, h3')?.textContent ??
          el.className;
        problems.push(
          `"${String(label).slice(0, 60)}" scrolls sideways (${
            el.scrollWidth
          } px in ${el.clientWidth} px) without a cue`,
        );
      }
    }
    return problems;
  });
}

for (const user of USERS) {
  test(`every screen as ${user.name}: no serious axe violation, nothing sideways at 1440 and 390 px`, async ({
    page,
    request,
  }) => {
    const screens = await screensOf(request, user);
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, user.name);

    const problems: string[] = [];
    for (const screen of screens) {
      await visit(page, screen);
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        const where = v.nodes
          .slice(0, 3)
          .map(n => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`)
          .join('; ');
        problems.push(
          `${screen.name}: ${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${where}`,
        );
      }
      for (const p of await sidewaysScrolling(page)) {
        problems.push(`${screen.name} at 1440 px: ${p}`);
      }
    }

    await page.setViewportSize({ width: 390, height: 844 });
    for (const screen of screens) {
      await visit(page, screen);
      for (const p of await sidewaysScrolling(page)) {
        problems.push(`${screen.name} at 390 px: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  });
}
