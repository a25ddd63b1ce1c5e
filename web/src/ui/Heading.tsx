import { createContext, useContext, type HTMLAttributes } from 'react';

/**
 * The heading level for content placed under a heading: a page's h1 is followed by h2s (cards,
 * sections, empty states), and what a card holds gets h3s. Headings never skip a level.
 */
const Level = createContext(2);

export const HeadingLevel = Level.Provider;

export function useHeadingLevel(): number {
  return useContext(Level);
}

/** A heading at the level of where it is rendered (h2 on a page, h3 inside a card). */
export function Heading({ level, ...rest }: HTMLAttributes<HTMLHeadingElement> & { level?: number }) {
  const inherited = useHeadingLevel();
  const l = Math.min(6, Math.max(1, level ?? inherited));
  const Tag = `h${l}` as 'h2';
  return <Tag {...rest} />;
}
