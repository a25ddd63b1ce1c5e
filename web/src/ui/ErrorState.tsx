import type { CombinedError } from 'urql';
import { Button } from './Button';
import { EmptyState } from './EmptyState';

export function errorMessage(error: CombinedError | Error | undefined | null): string {
  if (!error) return 'Something went wrong.';
  if ('networkError' in error && error.networkError) return 'The server could not be reached. Check your connection and try again.';
  if ('graphQLErrors' in error && error.graphQLErrors.length) return error.graphQLErrors.map((e) => e.message).join('; ');
  return error.message;
}

export function ErrorState({ error, title = 'Could not load this page', onRetry }: { error?: CombinedError | Error | null; title?: string; onRetry?: () => void }) {
  return (
    <div role="alert">
      <EmptyState icon="⚠" title={title} action={onRetry ? <Button onClick={onRetry}>Try again</Button> : undefined}>
        {errorMessage(error)}
      </EmptyState>
    </div>
  );
}
