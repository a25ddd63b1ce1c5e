import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, pageInfo, renderWithClient } from '../../test/urqlMock';
import { SuppressionsPage } from './SuppressionsPage';

describe('SuppressionsPage', () => {
  it('lists entries and shows the server’s field error for a bad value', async () => {
    const user = userEvent.setup();
    const mock = createMockClient((op) => {
      if (opName(op) === 'Suppressions') return { data: { suppressions: { __typename: 'SuppressionConnection', totalCount: 1, pageInfo: pageInfo(), edges: [
        { __typename: 'SuppressionConnectionEdge', cursor: 'a', node: { __typename: 'Suppression', id: 's1', value: '*.spam.example', reason: 'manual', note: 'never', createdAt: '2025-03-01T10:00:00.000Z' } },
      ] } } };
      if (opName(op) === 'AddSuppression') return { data: { addSuppression: { __typename: 'ValidationError', message: 'Invalid input', fieldErrors: [{ __typename: 'FieldError', path: ['value'], message: 'a wildcard must look like *.example.org' }] } } };
      return undefined;
    });
    renderWithClient(<SuppressionsPage />, mock.client);
    expect(await screen.findByText('*.spam.example')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove *.spam.example' })).toBeTruthy();
    const input = screen.getByLabelText('Email, domain or *.domain');
    await user.type(input, '*bad');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    const err = await screen.findByText('A wildcard must look like *.example.org');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(err.id);
    expect(mock.operations.find((o) => opName(o) === 'AddSuppression')!.variables).toMatchObject({ value: '*bad' });
  });

  it('asks for a value before calling the server', async () => {
    const user = userEvent.setup();
    const mock = createMockClient((op) => (opName(op) === 'Suppressions' ? { data: { suppressions: { __typename: 'SuppressionConnection', totalCount: 0, pageInfo: pageInfo(), edges: [] } } } : undefined));
    renderWithClient(<SuppressionsPage />, mock.client);
    expect(await screen.findByText('The suppression list is empty')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('Enter an email address, a domain or *.domain.')).toBeTruthy();
    expect(mock.operations.some((o) => opName(o) === 'AddSuppression')).toBe(false);
  });
});
