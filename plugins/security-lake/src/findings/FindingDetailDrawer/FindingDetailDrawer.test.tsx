import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecurityLakeApi, securityLakeApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  createMockApi,
  runningRun,
  succeededRun,
} from '../../__testUtils__/fixtures';
import { cveDetail, s3Finding } from '../../__testUtils__/findingsFixtures';
import { FindingsView } from '../FindingsView';

describe('FindingDetailDrawer', () => {
  let api: jest.Mocked<SecurityLakeApi>;

  beforeEach(() => {
    api = createMockApi();
    api.getRun.mockImplementation(async runId => ({
      ...succeededRun,
      id: runId,
      rowCount: runId === 'run-ct' ? 42 : 0,
    }));
  });

  /** The view with a finding open, as a shared link opens it; the page is mounted unless said. */
  const render = (findingId = cveDetail.id, mountPage = true) =>
    renderInTestApp(
      <TestApiProvider apis={[[securityLakeApiRef, api]]}>
        <FindingsView pollMs={20} runPauseMs={10} />
      </TestApiProvider>,
      {
        routeEntries: [
          `/security-lake?tab=findings&finding=${encodeURIComponent(
            findingId,
          )}`,
        ],
        mountedRoutes: mountPage ? { '/security-lake': rootRouteRef } : {},
      },
    );

  const drawer = () => screen.findByRole('region', { name: 'Finding details' });

  it('shows the finding in full, with remediation, resources, compliance, vulnerabilities and the console link', async () => {
    await render();
    const panel = await drawer();
    expect(
      await within(panel).findByRole('heading', {
        name: 'CVE-2024-3094 - xz-utils',
      }),
    ).toBeInTheDocument();
    expect(api.getFinding).toHaveBeenCalledWith(cveDetail.id);
    expect(within(panel).getByText('High')).toBeInTheDocument();
    expect(within(panel).getByText('Inspector')).toBeInTheDocument();
    expect(
      within(panel).getByText('Vulnerability Finding'),
    ).toBeInTheDocument();

    const remediation = within(panel).getByRole('region', {
      name: 'Remediation',
    });
    expect(
      within(remediation).getByText(
        'Downgrade xz-utils to 5.4.6 or upgrade to 5.6.2.',
      ),
    ).toBeInTheDocument();
    expect(
      within(remediation).getByRole('link', {
        // Backstage's Link says it opens a new window
        name: /^https:\/\/nvd\.nist\.gov\/vuln\/detail\/CVE-2024-3094/,
      }),
    ).toHaveAttribute('href', 'https://nvd.nist.gov/vuln/detail/CVE-2024-3094');

    const resources = within(panel).getByRole('table', {
      name: 'Affected resources',
    });
    expect(
      within(resources).getByText(
        'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc123',
      ),
    ).toBeInTheDocument();
    expect(within(resources).getByText('team=payments')).toBeInTheDocument();
    // the details' JSON text, indented
    expect(
      within(resources).getByText(/"Type": "t3.medium"/),
    ).toBeInTheDocument();

    const compliance = within(panel).getByRole('region', {
      name: 'Compliance',
    });
    expect(within(compliance).getByText('Inspector.1')).toBeInTheDocument();
    expect(within(compliance).getByText('FAILED')).toBeInTheDocument();
    expect(
      within(compliance).getByText(
        'standards/aws-foundational-security-best-practices/v/1.0.0',
      ),
    ).toBeInTheDocument();

    const vulnerabilities = within(panel).getByRole('table', {
      name: 'Vulnerabilities',
    });
    const [, row] = within(vulnerabilities).getAllByRole('row');
    expect(
      within(row).getByRole('link', { name: /^CVE-2024-3094/ }),
    ).toHaveAttribute(
      'href',
      'https://www.openwall.com/lists/oss-security/2024/03/29/4',
    );
    expect(within(row).getByText('10.0')).toBeInTheDocument();
    expect(within(row).getAllByText('Yes')).toHaveLength(2);
    expect(
      within(row).getByText('xz-utils 5.6.1, fixed in 5.6.2'),
    ).toBeInTheDocument();

    const console = within(panel).getByRole('link', {
      name: /Open in Security Hub/,
    });
    expect(console).toHaveAttribute('href', cveDetail.consoleUrl);
    expect(console).toHaveAttribute('target', '_blank');
    expect(console).toHaveAttribute('rel', 'noopener noreferrer');

    // the raw record is folded away until asked for
    expect(within(panel).queryByText(/"finding_info"/)).not.toBeInTheDocument();
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Raw record' }),
    );
    expect(
      await within(panel).findByText(/"finding_info": \{/),
    ).toBeInTheDocument();
  });

  it('leaves out the sections a finding has nothing for', async () => {
    api.getFinding.mockResolvedValue({
      ...s3Finding,
      resources: [],
      vulnerabilities: [],
      consoleUrl: 'https://console.aws.amazon.com/securityhub/home',
      raw: {},
    });
    await render(s3Finding.id);
    const panel = await drawer();
    await within(panel).findByRole('heading', { name: s3Finding.title });
    expect(
      within(panel).queryByRole('region', { name: 'Remediation' }),
    ).not.toBeInTheDocument();
    expect(
      within(panel).queryByRole('table', { name: 'Vulnerabilities' }),
    ).not.toBeInTheDocument();
    expect(
      within(panel).getByRole('button', {
        name: 'Show logs around this finding',
      }),
    ).toBeInTheDocument();
  });

  it('starts the logs around the finding for the chosen window and lists the runs, each opening in the queries', async () => {
    await render();
    const panel = await drawer();
    await userEvent.click(
      await within(panel).findByRole('button', {
        name: /Around its latest report/,
      }),
    );
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['± 15 minutes', '± 1 hour', '± 6 hours', '± 24 hours']);
    await userEvent.click(screen.getByRole('option', { name: '± 15 minutes' }));
    await userEvent.click(
      within(panel).getByRole('button', {
        name: 'Show logs around this finding',
      }),
    );
    expect(api.startFindingContextRuns).toHaveBeenCalledWith(cveDetail.id, {
      minutesAround: 15,
    });

    const runs = await within(panel).findByRole('table', {
      name: 'Runs of the logs around this finding',
    });
    const [, ct, vpc] = within(runs).getAllByRole('row');
    expect(within(ct).getByText('Activity on a resource')).toBeInTheDocument();
    expect(
      within(ct).getByText('CloudTrail management events'),
    ).toBeInTheDocument();
    expect(await within(ct).findByText('Succeeded')).toBeInTheDocument();
    expect(within(ct).getByText('42')).toBeInTheDocument();
    expect(
      within(ct).getByRole('link', {
        name: 'Open Activity on a resource in Queries',
      }),
    ).toHaveAttribute(
      'href',
      '/security-lake?tab=queries&query=resource-activity&run=run-ct',
    );
    expect(within(vpc).getByText('VPC Flow Logs')).toBeInTheDocument();
    expect(
      within(vpc).getByRole('link', { name: /in Queries/ }),
    ).toHaveAttribute(
      'href',
      '/security-lake?tab=queries&query=instance-traffic&run=run-vpc',
    );
    expect(api.getRun).toHaveBeenCalledWith('run-ct', { waitSeconds: 20 });
    expect(api.getRun).toHaveBeenCalledWith('run-vpc', { waitSeconds: 20 });

    // what was matched, and the source not searched with why
    expect(
      within(panel).getByText(
        /Matching resource arn:aws:ec2:eu-west-1:111122223333:instance\/i-0abc123 and instance i-0abc123 in account 111122223333, eu-west-1/,
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'Route 53 resolver query logs: Route 53 resolver logs are not collected in eu-west-1',
      ),
    ).toBeInTheDocument();
  });

  it('follows a run that goes on until it ends', async () => {
    let reads = 0;
    api.getRun.mockImplementation(async runId => {
      reads++;
      return runId === 'run-ct' && reads < 4
        ? { ...runningRun, id: runId }
        : { ...succeededRun, id: runId, rowCount: 7 };
    });
    await render();
    const panel = await drawer();
    await userEvent.click(
      await within(panel).findByRole('button', {
        name: 'Show logs around this finding',
      }),
    );
    // the default window is an hour either side
    expect(api.startFindingContextRuns).toHaveBeenCalledWith(cveDetail.id, {
      minutesAround: 60,
    });
    const runs = await within(panel).findByRole('table', {
      name: 'Runs of the logs around this finding',
    });
    const ct = within(runs).getAllByRole('row')[1];
    expect(await within(ct).findByText('Running')).toBeInTheDocument();
    expect(await within(ct).findByText('Succeeded')).toBeInTheDocument();
    expect(within(ct).getByText('7')).toBeInTheDocument();
    const ctReads = api.getRun.mock.calls.filter(([id]) => id === 'run-ct');
    expect(ctReads.length).toBeGreaterThan(1);
  });

  it("says why the logs could not be searched, in the server's words", async () => {
    api.startFindingContextRuns.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'You may not run queries on account 111122223333',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    await render();
    const panel = await drawer();
    await userEvent.click(
      await within(panel).findByRole('button', {
        name: 'Show logs around this finding',
      }),
    );
    expect(
      await within(panel).findByText(
        'The logs could not be searched: You may not run queries on account 111122223333',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByRole('button', {
        name: 'Show logs around this finding',
      }),
    ).toBeEnabled();
  });

  it('lists the runs without links when the Security Lake page is not mounted', async () => {
    await render(cveDetail.id, false);
    const panel = await drawer();
    await userEvent.click(
      await within(panel).findByRole('button', {
        name: 'Show logs around this finding',
      }),
    );
    const runs = await within(panel).findByRole('table', {
      name: 'Runs of the logs around this finding',
    });
    await waitFor(() =>
      expect(within(runs).getAllByText('Succeeded')).toHaveLength(2),
    );
    expect(within(runs).queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows why a finding could not be read', async () => {
    api.getFinding.mockRejectedValue(new Error('No finding gone'));
    await render('gone');
    const panel = await drawer();
    expect(
      await within(panel).findByText("Couldn't load this finding"),
    ).toBeInTheDocument();
    expect(within(panel).getByRole('alert')).toHaveTextContent(
      'No finding gone',
    );
    expect(
      within(panel).getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
    expect(api.getFinding).toHaveBeenCalledWith('gone');
  });
});
