/**
 * jsdom lays nothing out and has no client rects for text ranges, which CodeMirror measures after each
 * change: give ranges empty ones for the tests of a file.
 */
export function withCodeMirrorLayout() {
  const proto = Range.prototype as Partial<Range>;
  const had = {
    getClientRects: proto.getClientRects,
    getBoundingClientRect: proto.getBoundingClientRect,
  };
  beforeAll(() => {
    const rects = () =>
      Object.assign([], { item: () => null }) as unknown as DOMRectList;
    proto.getClientRects = rects;
    proto.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
  });
  afterAll(() => {
    proto.getClientRects = had.getClientRects;
    proto.getBoundingClientRect = had.getBoundingClientRect;
  });
}
