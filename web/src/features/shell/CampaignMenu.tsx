import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useLocation } from '../../lib/router';

export type CampaignItem = { id: string; name: string };

/** The section a campaign switch keeps ("board" stays "board"); pages of one prospect or job go to their list. */
export function switchTarget(pathname: string, campaignId: string): string {
  const parts = pathname.split('/').filter(Boolean);
  const section = parts[0] === 'campaigns' && parts[1] !== 'new' ? (parts[2] ?? 'dashboard') : 'dashboard';
  return `/campaigns/${encodeURIComponent(campaignId)}/${section || 'dashboard'}`;
}

/**
 * The campaign selector: a button showing the whole name of the current campaign and a list of links.
 * Nothing switches until a campaign is chosen (click or Enter on its link): arrow keys only move
 * through the list, unlike a native select, which switches on ArrowDown.
 */
export function CampaignMenu({ campaigns, current, placeholder }: { campaigns: CampaignItem[]; current: CampaignItem | null; placeholder: string }) {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const focusOnOpen = useRef<'first' | 'last' | 'current' | null>(null);

  // Close when the route changes (a campaign was chosen).
  useEffect(() => { setOpen(false); }, [pathname]);

  useEffect(() => {
    if (!open || !focusOnOpen.current) return;
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
    const cur = links.find((a) => a.getAttribute('aria-current') === 'true');
    const target = focusOnOpen.current === 'last' ? links.at(-1) : focusOnOpen.current === 'current' ? (cur ?? links[0]) : links[0];
    focusOnOpen.current = null;
    target?.focus();
  }, [open]);

  const openWith = (focus: 'first' | 'last' | 'current') => { focusOnOpen.current = focus; setOpen(true); };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      openWith(e.key === 'ArrowDown' ? 'current' : 'last');
    }
  };

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    let next = -1;
    if (e.key === 'ArrowDown') next = (i + 1) % links.length;
    else if (e.key === 'ArrowUp') next = (i - 1 + links.length) % links.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = links.length - 1;
    else if (e.key === 'Escape') { e.preventDefault(); setOpen(false); button.current?.focus(); return; }
    if (next >= 0) { e.preventDefault(); links[next]?.focus(); }
  };

  return (
    <div className="field campaign-field"
      onBlur={(e) => { if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false); }}>
      <span className="label" id={`${id}-label`}>Campaign</span>
      <button ref={button} type="button" id={`${id}-button`} className="campaign-button" aria-expanded={open} aria-controls={`${id}-list`}
        aria-labelledby={`${id}-label ${id}-button`} title={current?.name} onClick={() => setOpen((o) => !o)} onKeyDown={onButtonKey}>
        <span className="campaign-button-name">{current?.name ?? placeholder}</span>
        <span aria-hidden="true" className="campaign-button-caret">▾</span>
      </button>
      <ul ref={list} id={`${id}-list`} className="campaign-menu" hidden={!open} aria-label="Campaigns" onKeyDown={onListKey}>
        {campaigns.map((c) => (
          <li key={c.id}>
            <Link to={switchTarget(pathname, c.id)} aria-current={c.id === current?.id ? 'true' : undefined} title={c.name}>{c.name}</Link>
          </li>
        ))}
        <li><Link to="/campaigns/new">+ New campaign</Link></li>
      </ul>
    </div>
  );
}
