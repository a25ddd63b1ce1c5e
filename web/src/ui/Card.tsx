import type { HTMLAttributes, ReactNode } from 'react';

export function Card({ title, actions, children, className, ...rest }: Omit<HTMLAttributes<HTMLElement>, 'title'> & { title?: ReactNode; actions?: ReactNode }) {
  return (
    <section className={['card', className].filter(Boolean).join(' ')} {...rest}>
      {title || actions ? (
        <header className="card-header">
          {typeof title === 'string' ? <h3>{title}</h3> : title}
          {actions ? <div className="row">{actions}</div> : null}
        </header>
      ) : null}
      <div className="card-body">{children}</div>
    </section>
  );
}
