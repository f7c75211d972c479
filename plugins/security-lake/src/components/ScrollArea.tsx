import { alpha, makeStyles } from '@material-ui/core/styles';
import {
  HTMLAttributes,
  Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
} from 'react';

/** Which sides have more to see. */
type More = '' | 'left' | 'right' | 'both';

function moreOf(el: HTMLElement): More {
  const left = el.scrollLeft > 1;
  const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
  if (left && right) return 'both';
  if (left) return 'left';
  return right ? 'right' : '';
}

const useStyles = makeStyles(theme => {
  const shade = alpha(theme.palette.text.primary, 0.22);
  return {
    area: { position: 'relative', minWidth: 0, maxWidth: '100%' },
    scroller: {
      overflow: 'auto',
      '&:focus-visible': {
        outline: `2px solid ${theme.palette.primary.main}`,
        outlineOffset: 2,
      },
    },
    edge: {
      position: 'absolute',
      top: 0,
      bottom: 0,
      width: 28,
      pointerEvents: 'none',
      zIndex: 3,
    },
    left: {
      left: 0,
      background: `linear-gradient(to right, ${shade}, transparent)`,
    },
    right: {
      right: 0,
      background: `linear-gradient(to left, ${shade}, transparent)`,
    },
  };
});

/** Props for {@link ScrollArea}. @internal */
export interface ScrollAreaProps extends HTMLAttributes<HTMLDivElement> {
  /** What scrolls ("Query results"): the region's name for screen readers. */
  'aria-label': string;
  /** The element that scrolls, for a virtualiser. */
  scrollerRef?: Ref<HTMLDivElement | null>;
  /**
   * When what scrolls is a component's own scroller inside this area (a Backstage `Table`), how to find
   * it; the area then only watches it and shades its sides.
   */
  innerScroller?: string;
}

/** Where a Backstage (material-table) `Table` keeps its sideways scroll: plain divs styled inline. */
export const BACKSTAGE_TABLE_SCROLLER =
  'div[style*="overflow-x: auto"], div[style*="overflow-y: auto"]';

/**
 * A table or grid wider than its box: it scrolls inside the box, never the page, and shades the side that
 * has more to see, so a cut-off column reads as "scroll for more". The keyboard can reach it (arrow keys
 * scroll it) when nothing inside it takes the focus.
 *
 * @internal
 */
export function ScrollArea(props: ScrollAreaProps) {
  const { scrollerRef, className, children, onScroll, innerScroller, ...rest } =
    props;
  const classes = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  useImperativeHandle(scrollerRef, () => scroller.current, []);
  const [more, setMore] = useState<More>('');
  const [overflows, setOverflows] = useState(false);

  // of the scrollers inside, the one that has more to show (a Backstage Table nests two)
  const target = useCallback((): HTMLElement | null => {
    const area = scroller.current;
    if (!innerScroller || !area) return area;
    const inner = Array.from(area.querySelectorAll<HTMLElement>(innerScroller));
    return (
      inner.find(el => el.scrollWidth > el.clientWidth + 1) ?? inner[0] ?? area
    );
  }, [innerScroller]);

  const measure = useCallback(() => {
    const el = target();
    if (!el) return;
    setMore(moreOf(el));
    setOverflows(
      el.scrollWidth > el.clientWidth + 1 ||
        el.scrollHeight > el.clientHeight + 1,
    );
  }, [target]);

  useEffect(() => {
    const area = scroller.current;
    measure();
    if (!area) return undefined;
    // an inner scroller's scroll events do not bubble: listen as they go down
    area.addEventListener('scroll', measure, true);
    // the box or what is in it changes size: a resize, rows loaded, a component's own re-render
    // (jsdom lays nothing out and has no ResizeObserver)
    const resized =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(measure);
    const watch = () => {
      if (!resized) return;
      resized.disconnect();
      resized.observe(area);
      const el = target();
      if (!el) return;
      if (el !== area) resized.observe(el);
      for (const child of Array.from(el.children)) resized.observe(child);
    };
    watch();
    const changed = new MutationObserver(() => {
      watch();
      measure();
    });
    changed.observe(area, { childList: true, subtree: true });
    return () => {
      area.removeEventListener('scroll', measure, true);
      resized?.disconnect();
      changed.disconnect();
    };
  }, [measure, target]);

  return (
    <div className={classes.area} data-scroll-area="" data-scroll-more={more}>
      <div
        role="region"
        tabIndex={overflows && !innerScroller ? 0 : undefined}
        {...rest}
        ref={scroller}
        className={[innerScroller ? undefined : classes.scroller, className]
          .filter(Boolean)
          .join(' ')}
        onScroll={onScroll}
      >
        {children}
      </div>
      {(more === 'left' || more === 'both') && (
        <div className={`${classes.edge} ${classes.left}`} aria-hidden />
      )}
      {(more === 'right' || more === 'both') && (
        <div className={`${classes.edge} ${classes.right}`} aria-hidden />
      )}
    </div>
  );
}
