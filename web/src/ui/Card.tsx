import type { HTMLAttributes, ReactNode } from 'react';
import { HeadingLevel, useHeadingLevel } from './Heading';

export function Card({ title, actions, children, className, ...rest }: Omit<HTMLAttributes<HTMLElement>, 'title'> & { title?: ReactNode; actions?: ReactNode }) {
  const level = useHeadingLevel();
  const Tag = `h${Math.min(6, level)}` as 'h2';
  return (
    <section className={['card', className].filter(Boolean).join(' ')} {...rest}>
      {title || actions ? (
        <header className="card-header">
          {typeof title === 'string' ? <Tag className="card-title">{title}</Tag> : title}
          {actions ? <div className="row">{actions}</div> : null}
        </header>
      ) : null}
      {/* Headings inside a titled card sit one level below its title. */}
      <HeadingLevel value={title ? level + 1 : level}>
        <div className="card-body">{children}</div>
      </HeadingLevel>
    </section>
  );
}
