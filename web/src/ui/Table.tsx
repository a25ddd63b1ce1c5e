import type { ReactNode, TableHTMLAttributes } from 'react';

export function Table({ caption, children, ...rest }: TableHTMLAttributes<HTMLTableElement> & { caption?: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" {...rest}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}
