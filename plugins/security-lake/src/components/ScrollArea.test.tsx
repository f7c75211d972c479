import { fireEvent, render, screen } from '@testing-library/react';
import { BACKSTAGE_TABLE_SCROLLER, ScrollArea } from './ScrollArea';

// jsdom lays nothing out: an element marked data-wide is 900 px of content in a 300 px box
const sizes = {
  scrollWidth(this: HTMLElement) {
    return this.dataset.wide !== undefined ? 900 : 300;
  },
  clientWidth() {
    return 300;
  },
  scrollHeight() {
    return 100;
  },
  clientHeight() {
    return 100;
  },
};
const original = Object.fromEntries(
  Object.keys(sizes).map(key => [
    key,
    Object.getOwnPropertyDescriptor(Element.prototype, key),
  ]),
);

beforeAll(() => {
  for (const [key, get] of Object.entries(sizes)) {
    Object.defineProperty(HTMLElement.prototype, key, {
      configurable: true,
      get,
    });
  }
});
afterAll(() => {
  for (const key of Object.keys(sizes)) {
    delete (HTMLElement.prototype as any)[key];
    if (original[key])
      Object.defineProperty(Element.prototype, key, original[key]!);
  }
});

const areaOf = (el: HTMLElement) => el.closest('[data-scroll-area]')!;

describe('ScrollArea', () => {
  it('shades the side with more to see, and lets the keyboard reach what overflows', () => {
    render(
      <ScrollArea aria-label="Query results" data-wide="">
        <table />
      </ScrollArea>,
    );
    const region = screen.getByRole('region', { name: 'Query results' });
    expect(areaOf(region)).toHaveAttribute('data-scroll-more', 'right');
    expect(region).toHaveAttribute('tabindex', '0');

    region.scrollLeft = 300;
    fireEvent.scroll(region);
    expect(areaOf(region)).toHaveAttribute('data-scroll-more', 'both');

    region.scrollLeft = 600;
    fireEvent.scroll(region);
    expect(areaOf(region)).toHaveAttribute('data-scroll-more', 'left');
  });

  it('shows no cue and takes no tab stop when everything fits', () => {
    render(
      <ScrollArea aria-label="Findings">
        <table />
      </ScrollArea>,
    );
    const region = screen.getByRole('region', { name: 'Findings' });
    expect(areaOf(region)).toHaveAttribute('data-scroll-more', '');
    expect(region).not.toHaveAttribute('tabindex');
  });

  it("watches a Backstage table's own scroller, the one of its two that overflows", () => {
    render(
      <ScrollArea aria-label="Runs" innerScroller={BACKSTAGE_TABLE_SCROLLER}>
        <div style={{ overflowX: 'auto' }}>
          <div style={{ overflowY: 'auto' }} data-wide="" data-testid="inner">
            <table />
          </div>
        </div>
      </ScrollArea>,
    );
    const region = screen.getByRole('region', { name: 'Runs' });
    expect(areaOf(region)).toHaveAttribute('data-scroll-more', 'right');
    // the table's scroller is what the keyboard reaches, not a second stop around it
    expect(region).not.toHaveAttribute('tabindex');

    const inner = screen.getByTestId('inner');
    inner.scrollLeft = 600;
    fireEvent.scroll(inner);
    expect(areaOf(region)).toHaveAttribute('data-scroll-more', 'left');
  });
});
