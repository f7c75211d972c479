import { render, screen } from '@testing-library/react';
import { ResourceName, tailOf } from './ResourceName';

describe('ResourceName', () => {
  it('keeps what names the resource out of the cut: the part after the last / or :', () => {
    expect(
      tailOf('arn:aws:ec2:us-east-1:111111111111:instance/i-0abc123'),
    ).toBe('/i-0abc123');
    expect(tailOf('arn:aws:s3:::payments-exports')).toBe(':payments-exports');
    // a long last part keeps its end, not all of it
    expect(tailOf(`arn:aws:lambda:fn/${'x'.repeat(40)}end`)).toBe(
      `${'x'.repeat(25)}end`,
    );
    // nothing to keep apart
    expect(tailOf('i-0abc123')).toBe('');
    expect(tailOf('bucket/')).toBe('');
  });

  it('shows the whole id, split so only the start is ever cut, with the whole id as the tooltip', () => {
    const uid = 'arn:aws:ec2:us-east-1:111111111111:instance/i-0abc123';
    render(<ResourceName uid={uid} maxWidth={200} />);
    const name = screen.getByTitle(uid);
    expect(name).toHaveTextContent(uid);
    expect(screen.getByText('/i-0abc123')).toBeInTheDocument();
    expect(name.style.maxWidth).toBe('200px');
  });
});
