import type { CSSProperties } from 'react';

export function Spinner({ size = 18, label = 'Loading' }: { size?: number; label?: string }) {
  return (
    <span role={label ? 'status' : undefined} aria-label={label || undefined} aria-hidden={label ? undefined : true}
      className="spinner" style={{ width: size, height: size }} />
  );
}

export function Skeleton({ height = 16, width = '100%', style }: { height?: number; width?: number | string; style?: CSSProperties }) {
  return <div className="skeleton" aria-hidden="true" style={{ height, width, ...style }} />;
}

/** A block of skeleton lines with an accessible "Loading" status. */
export function LoadingBlock({ lines = 4, label = 'Loading' }: { lines?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} className="stack-sm">
      {Array.from({ length: lines }, (_, i) => <Skeleton key={i} height={18} width={`${90 - i * 12}%`} />)}
    </div>
  );
}
