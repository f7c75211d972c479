import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { awsInfo, localInfo } from '../../__testUtils__/fixtures';
import { LocalModeBanner } from './LocalModeBanner';

describe('LocalModeBanner', () => {
  it('tells users no AWS is involved in local mode', async () => {
    await renderInTestApp(<LocalModeBanner info={localInfo} />);

    const banner = screen.getByRole('status');
    expect(banner).toHaveTextContent('Local mode');
    expect(banner).toHaveTextContent(/embedded local lake/);
    expect(banner).toHaveTextContent(/DuckDB/);
    expect(banner).toHaveTextContent(/No AWS account is involved/);
  });

  it('renders nothing against AWS', async () => {
    await renderInTestApp(<LocalModeBanner info={awsInfo} />);

    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(screen.queryByText(/Local mode/)).not.toBeInTheDocument();
  });

  it('renders nothing before the info is known', async () => {
    await renderInTestApp(<LocalModeBanner />);

    expect(screen.queryByText(/Local mode/)).not.toBeInTheDocument();
  });
});
