import type { OutreachStatus, ProspectFilter, ProspectOrder, ProspectStage } from '../../gql/graphql';

export type ProspectFilterState = {
  stage: ProspectStage | '';
  status: OutreachStatus | '';
  minScore: string;
  maxScore: string;
  hasEmail: '' | 'yes' | 'no';
  search: string;
};

export type SortState = { field: 'SCORE' | 'CREATED_AT' | 'LAST_SENT'; direction: 'ASC' | 'DESC' };

export const emptyFilters: ProspectFilterState = { stage: '', status: '', minScore: '', maxScore: '', hasEmail: '', search: '' };
export const defaultSort: SortState = { field: 'SCORE', direction: 'DESC' };

function num(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Turns the filter bar's state into ProspectFilter + ProspectOrder variables (unset filters are left out). */
export function toVariables(campaignId: string, f: ProspectFilterState, sort: SortState): { filter: ProspectFilter; orderBy: ProspectOrder } {
  const filter: ProspectFilter = { campaignId };
  if (f.stage) filter.stages = [f.stage];
  if (f.status) filter.outreachStatuses = [f.status];
  const min = num(f.minScore);
  const max = num(f.maxScore);
  if (min !== undefined) filter.minScore = min;
  if (max !== undefined) filter.maxScore = max;
  if (f.hasEmail) filter.hasEmail = f.hasEmail === 'yes';
  if (f.search.trim()) filter.search = f.search.trim();
  return { filter, orderBy: { field: sort.field, direction: sort.direction } };
}
