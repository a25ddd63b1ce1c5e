import { useEffect, useLayoutEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useQuery } from 'urql';
import { useVirtualizer } from '@tanstack/react-virtual';
import { graphql } from '../../gql';
import type { ProspectStage } from '../../gql/graphql';
import { Spinner } from '../../ui';
import { BoardCard, type EnrichHandler } from './BoardCard';

export const BoardColumnQuery = graphql(`
  query BoardColumn($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {
    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges { cursor node { id ...BoardCard } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const CARD_HEIGHT = 84;
const PAGE = 100;
// The first page per column is small: ten columns load at once when the board opens.
const FIRST_PAGE = 30;
export const BOARD_ORDER = { field: 'SCORE', direction: 'DESC' } as const;

export type ColumnNav = 'up' | 'down' | 'left' | 'right' | 'first' | 'last';

export function BoardColumn({ campaignId, stage, count, focusIndex, isFocusedColumn, dropStatus, onNavigate, onFocusCard, onDropProspect, onShortcut, onEnrich, onLoaded, hintId }: {
  campaignId: string; stage: ProspectStage; count: number | null; focusIndex: number; isFocusedColumn: boolean;
  dropStatus: 'accepted' | 'rejected' | null; hintId: string;
  /** How many cards the column holds once loaded: the board moves keyboard focus only to columns with cards. */
  onLoaded: (stage: ProspectStage, length: number) => void;
  onNavigate: (stage: ProspectStage, index: number, dir: ColumnNav, length: number) => void;
  onFocusCard: (stage: ProspectStage, index: number) => void;
  onDropProspect: (prospectId: string, status: 'accepted' | 'rejected') => void;
  onShortcut: (prospectId: string, key: string) => void;
  onEnrich: EnrichHandler;
}) {
  const [after, setAfter] = useState<string | undefined>(undefined);
  const [{ data, fetching, error }] = useQuery({
    query: BoardColumnQuery,
    variables: { first: after ? PAGE : FIRST_PAGE, after, filter: { campaignId, stages: [stage] }, orderBy: BOARD_ORDER },
  });
  const edges = data?.prospects.edges ?? [];
  const loaded = data ? edges.length : null;
  useEffect(() => { if (loaded !== null) onLoaded(stage, loaded); }, [loaded, stage, onLoaded]);
  const pageInfo = data?.prospects.pageInfo;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [dropping, setDropping] = useState(false);
  const fi = Math.min(focusIndex, edges.length - 1);

  const virtualizer = useVirtualizer({
    count: edges.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 6,
    getItemKey: (i) => edges[i]?.node.id ?? i,
    initialRect: { width: 260, height: 600 },
  });
  const items = virtualizer.getVirtualItems();

  // Load the next page when the user scrolls near the end of what is loaded.
  const lastItem = items[items.length - 1];
  useEffect(() => {
    if (lastItem && lastItem.index >= edges.length - 10 && pageInfo?.hasNextPage && pageInfo.endCursor && !fetching) setAfter(pageInfo.endCursor);
  }, [lastItem?.index, edges.length, pageInfo?.hasNextPage, pageInfo?.endCursor, fetching]);

  // Keep the cards in view still when a card joins or leaves above them (no layout jump).
  const anchor = useRef<{ id: string; index: number } | null>(null);
  const ids = edges.map((e) => e.node.id);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const a = anchor.current;
    if (el && a && el.scrollTop > 0) {
      const now = ids.indexOf(a.id);
      if (now >= 0 && now !== a.index) el.scrollTop += (now - a.index) * CARD_HEIGHT;
    }
    const first = virtualizer.getVirtualItems().find((v) => (v.start + CARD_HEIGHT / 2) >= (scrollRef.current?.scrollTop ?? 0));
    anchor.current = first ? { id: ids[first.index] ?? '', index: first.index } : null;
  });

  // While the user navigates the board by keyboard, move DOM focus to the focused card once it is rendered.
  const firstRendered = items[0]?.index;
  useEffect(() => {
    if (!isFocusedColumn || fi < 0) return;
    const board = scrollRef.current?.closest('.board');
    if (!board || !board.contains(document.activeElement)) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${fi}"]`);
    if (el) { if (document.activeElement !== el) el.focus(); }
    else virtualizer.scrollToIndex(fi);
  }, [isFocusedColumn, fi, firstRendered, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLAnchorElement>, id: string) => {
    const map: Record<string, ColumnNav> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right', Home: 'first', End: 'last' };
    const dir = map[e.key];
    if (dir) {
      e.preventDefault();
      onNavigate(stage, fi, dir, edges.length);
      const next = dir === 'up' ? fi - 1 : dir === 'down' ? fi + 1 : dir === 'first' ? 0 : dir === 'last' ? edges.length - 1 : -1;
      if (next >= 0 && next < edges.length) virtualizer.scrollToIndex(next);
      return;
    }
    if (!e.metaKey && !e.ctrlKey && !e.altKey && ['a', 'r', 'A', 'R'].includes(e.key)) {
      e.preventDefault();
      onShortcut(id, e.key.toLowerCase());
    }
  };

  const dropProps = dropStatus ? {
    onDragOver: (e: DragEvent) => { if (e.dataTransfer.types.includes('application/x-prospect-id')) { e.preventDefault(); setDropping(true); } },
    onDragLeave: () => setDropping(false),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setDropping(false);
      const id = e.dataTransfer.getData('application/x-prospect-id');
      if (id) onDropProspect(id, dropStatus);
    },
  } : {};

  const headingId = `col-${stage}`;
  const shown = count ?? data?.prospects.totalCount ?? null;
  // An empty stage (not a drop target) shrinks to a narrow labelled strip: every stage fits the board.
  const collapsed = !dropStatus && shown === 0 && data !== undefined && edges.length === 0;
  return (
    <section className={collapsed ? 'column column-collapsed' : dropStatus && shown === 0 ? 'column column-drop-empty' : 'column'} aria-labelledby={headingId} data-drop={dropping || undefined} data-stage={stage} {...dropProps}>
      <header className="column-header">
        <h2 id={headingId} className="column-title">{stage}</h2>
        <span className="badge" aria-label={`${shown ?? 0} prospects`}>{shown === null ? '…' : shown.toLocaleString()}</span>
      </header>
      <div ref={scrollRef} className="column-body">
        {error && !data ? <p className="small muted" role="alert" style={{ padding: 'var(--sp-3)' }}>Could not load this column.</p> : null}
        {!data && fetching ? <div style={{ padding: 'var(--sp-3)' }}><Spinner label={`Loading ${stage}`} /></div> : null}
        {data && edges.length === 0 ? <p className="small muted column-empty">{dropStatus ? `Drop a card here to mark it ${dropStatus}` : 'Nothing here'}</p> : null}
        <div role="list" aria-label={`${stage} prospects`} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const edge = edges[v.index];
            if (!edge) return null;
            return (
              <div role="listitem" key={v.key} className="pcard" style={{ height: CARD_HEIGHT, transform: `translateY(${v.start}px)` }}>
                <BoardCard prospect={edge.node} index={v.index} hintId={hintId}
                  href={`/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(edge.node.id)}`}
                  tabbable={isFocusedColumn ? v.index === Math.max(0, fi) : false}
                  onKeyDown={onKeyDown} onFocus={(i) => onFocusCard(stage, i)} onEnrich={onEnrich} />
              </div>
            );
          })}
        </div>
        {fetching && data && pageInfo?.hasNextPage ? <div style={{ padding: 'var(--sp-2)', textAlign: 'center' }}><Spinner label="Loading more" /></div> : null}
      </div>
    </section>
  );
}
