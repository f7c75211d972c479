import { APIRequestContext, expect, Page } from '@playwright/test';

export const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:7007';

/** A demo user's Backstage token, as the sign-in page gets it. */
export async function demoToken(request: APIRequestContext, user: string) {
  const res = await request.get(`${BACKEND}/api/auth/demo/refresh`, {
    headers: { 'x-demo-user': user, 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await res.json()).backstageIdentity.token as string;
}

/** The frontend answers before the backend has read the catalog and the lake on a cold start. */
export async function waitForPortal(request: APIRequestContext) {
  await expect
    .poll(
      async () => {
        try {
          const token = await demoToken(request, 'alice');
          const accounts = await request.get(
            `${BACKEND}/api/security-lake/accounts`,
            { headers: { Authorization: `Bearer ${token}` } },
          );
          return accounts.ok() && (await accounts.json()).refreshedAt
            ? 'ready'
            : accounts.status();
        } catch (error) {
          return String(error).slice(0, 80); // not listening yet
        }
      },
      { timeout: 180_000, intervals: [1_000] },
    )
    .toBe('ready');
}

/** Signs in on the demo sign-in page as one of the demo users ('Alice Payments', 'Pat Platform'...). */
export async function signIn(page: Page, who: string) {
  await page.goto('/');
  await page.getByRole('button', { name: `Sign in as ${who}` }).click();
  await expect(
    page.getByRole('link', { name: 'Security Lake' }).first(),
  ).toBeVisible();
}

/** The Security Lake API as a demo user. */
export async function api(request: APIRequestContext, user: string) {
  const headers = { Authorization: `Bearer ${await demoToken(request, user)}` };
  const url = (path: string) => `${BACKEND}/api/security-lake${path}`;
  return {
    get: async (path: string) => {
      const res = await request.get(url(path), { headers });
      expect(res.ok(), `GET ${path}: ${res.status()}`).toBe(true);
      return res.json();
    },
    post: async (path: string, data: unknown) => {
      const res = await request.post(url(path), { headers, data });
      expect(res.ok(), `POST ${path}: ${await res.text()}`).toBe(true);
      return res.json();
    },
  };
}
