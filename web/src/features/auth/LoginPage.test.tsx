import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, renderWithClient } from '../../test/urqlMock';
import { getToken } from '../../lib/auth';
import { LoginPage } from './LoginPage';

describe('LoginPage', () => {
  it('checks the fields before sending anything', async () => {
    const { client, operations } = createMockClient(() => undefined);
    renderWithClient(<LoginPage mode="login" />, client);
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('Enter your email address.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText(/Enter a valid email address/)).toBeTruthy();
    expect(operations.filter((o) => o.kind === 'mutation')).toHaveLength(0);
  });

  it('shows the server’s field errors next to the fields', async () => {
    const { client, operations } = createMockClient((op) => opName(op) === 'SignUp' ? {
      data: { signUp: { __typename: 'ValidationError', message: 'Check the highlighted fields.', fieldErrors: [
        { __typename: 'FieldError', path: ['input', 'email'], message: 'An account with this email already exists.' },
      ] } },
    } : undefined);
    renderWithClient(<LoginPage mode="signup" />, client);
    await userEvent.type(screen.getByLabelText('Name'), 'Ada');
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    // The server's minimum (10), said on the field, with focus on it: "short" never reaches the server.
    expect(await screen.findByText('Password must be at least 10 characters.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Password')));
    await userEvent.clear(screen.getByLabelText('Password'));
    await userEvent.type(screen.getByLabelText('Password'), 'long enough pass');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('An account with this email already exists.')).toBeTruthy();
    expect(screen.getByText('Check the field marked below.')).toBeTruthy();
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toBe(screen.getByText('An account with this email already exists.').id);
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(email.getAttribute('maxlength')).toBe('254');
    expect(screen.getByLabelText('Name').getAttribute('maxlength')).toBe('120');
    const sent = operations.find((o) => o.kind === 'mutation');
    expect(sent?.variables).toEqual({ input: { email: 'ada@example.com', password: 'long enough pass', name: 'Ada' } });
    expect(getToken()).toBeNull();
  });

  it('stores the token and leaves the page when the login succeeds', async () => {
    const { client } = createMockClient((op) => opName(op) === 'LogIn' ? {
      data: { logIn: { __typename: 'MutationLogInSuccess', data: { __typename: 'AuthPayload', token: 'jwt-123', user: { __typename: 'User', id: 'u1', email: 'ada@example.com', name: 'Ada' } } } },
    } : undefined);
    window.history.replaceState(null, '', '/login');
    renderWithClient(<LoginPage mode="login" />, client);
    await userEvent.type(screen.getByLabelText('Email'), 'ada@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'secret-password');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(getToken()).toBe('jwt-123'));
    expect(window.location.pathname).toBe('/');
  });
});
