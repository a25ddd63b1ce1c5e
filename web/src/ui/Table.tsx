import { useLayoutEffect, useState, type ReactNode, type TableHTMLAttributes } from 'react';

/**
 * Whether the element scrolls (its content is wider or taller than it). A scroll container must be
 * reachable by keyboard, so the ones that do scroll become focusable, named regions.
 */
export function useScrollable<T extends HTMLElement>() {
  const [el, ref] = useState<T | null>(null);
  const [scrollable, setScrollable] = useState(false);
  useLayoutEffect(() => {
    if (!el) return;
    const measure = () => setScrollable(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    for (const child of el.children) ro.observe(child);
    return () => ro.disconnect();
  }, [el]);
  return { ref, scrollable };
}

/** Props that make a scroll container a keyboard-reachable region named `label` while it scrolls. */
export function scrollRegionProps(scrollable: boolean, label: string | undefined) {
  return scrollable ? { role: 'region', 'aria-label': label ?? 'Scrollable content', tabIndex: 0 } : {};
}

export function Table({ caption, children, ...rest }: TableHTMLAttributes<HTMLTableElement> & { caption?: string; children: ReactNode }) {
  const { ref, scrollable } = useScrollable<HTMLDivElement>();
  return (
    <div ref={ref} className="table-wrap" {...scrollRegionProps(scrollable, caption ?? rest['aria-label'])}>
      <table className="table" {...rest}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}
