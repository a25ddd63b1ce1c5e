import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { setToken } from '../../lib/auth';
import { fieldErrorsOf, focusFirstInvalid, type FieldErrors } from '../../lib/results';
import { LIMITS } from '../campaigns/limits';
import { Link, navigate } from '../../lib/router';
import { Banner, Button, Card, Field, Input } from '../../ui';
import { errorMessage } from '../../ui/ErrorState';

export const LogInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      __typename
      ... on MutationLogInSuccess { data { token user { id email name } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on MutationSignUpSuccess { data { token user { id email name } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateAuth(mode: 'login' | 'signup', v: { email: string; password: string; name: string }): FieldErrors {
  const e: FieldErrors = {};
  if (!v.email.trim()) e.email = 'Enter your email address.';
  else if (!EMAIL.test(v.email.trim())) e.email = 'Enter a valid email address, like you@example.com.';
  if (!v.password) e.password = 'Enter your password.';
  else if (mode === 'signup' && v.password.length < LIMITS.auth.passwordMin) e.password = `Password must be at least ${LIMITS.auth.passwordMin} characters.`;
  if (mode === 'signup' && !v.name.trim()) e.name = 'Enter your name.';
  return e;
}

export function LoginPage({ mode }: { mode: 'login' | 'signup' }) {
  const [values, setValues] = useState({ email: '', password: '', name: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [login, doLogin] = useMutation(LogInMutation);
  const [signup, doSignup] = useMutation(SignUpMutation);
  const busy = login.fetching || signup.fetching;
  const formRef = useRef<HTMLFormElement>(null);
  // After a check or an answer with field messages, focus the first field marked invalid.
  const [checked, setChecked] = useState(0);
  useEffect(() => { if (checked) focusFirstInvalid(formRef.current); }, [checked]);
  const isSignup = mode === 'signup';

  const set = (k: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    if (errors[k]) setErrors(({ [k]: _drop, ...rest }) => rest);
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const found = validateAuth(mode, values);
    setErrors(found);
    if (Object.keys(found).length) { setChecked((n) => n + 1); return; }
    const email = values.email.trim();
    const res = isSignup
      ? await doSignup({ input: { email, password: values.password, name: values.name.trim() } })
      : await doLogin({ input: { email, password: values.password } });
    if (res.error) { setFormError(errorMessage(res.error)); return; }
    const payload = res.data && ('signUp' in res.data ? res.data.signUp : res.data.logIn);
    if (!payload) { setFormError('The server returned no answer.'); return; }
    if ('data' in payload) {
      setToken(payload.data.token);
      navigate('/', { replace: true });
      return;
    }
    // On sign-up the one conflict is the address: it is said on the Email field.
    const fields = isSignup && payload.__typename === 'ConflictError'
      ? { email: `${payload.message.replace(/\.?$/, '.')} Log in instead, or use another address.` }
      : fieldErrorsOf(payload as never);
    setErrors(fields);
    // Field messages sit on their fields; the banner keeps the message only when no field has one.
    const placed = ['email', 'password', 'name'].filter((k) => fields[k]).length;
    setFormError(placed ? `Check the ${placed === 1 ? 'field' : `${placed} fields`} marked below.` : payload.message);
    setChecked((n) => n + 1);
  }

  return (
    <main className="auth">
      <Card>
        <form ref={formRef} className="stack" onSubmit={onSubmit} noValidate aria-label={isSignup ? 'Create account' : 'Log in'}>
          <div className="stack-sm">
            <h1>{isSignup ? 'Create your account' : 'Log in'}</h1>
            <p className="muted">Art Outreach finds the places that should see your work.</p>
          </div>
          {formError ? <Banner tone="danger">{formError}</Banner> : null}
          {isSignup ? (
            <Field label="Name" error={errors.name}>
              <Input name="name" autoComplete="name" maxLength={LIMITS.auth.name} value={values.name} onChange={set('name')} />
            </Field>
          ) : null}
          <Field label="Email" error={errors.email}>
            <Input name="email" type="email" autoComplete="email" maxLength={LIMITS.auth.email} value={values.email} onChange={set('email')} />
          </Field>
          <Field label="Password" error={errors.password} hint={isSignup ? `At least ${LIMITS.auth.passwordMin} characters.` : undefined}>
            <Input name="password" type="password" maxLength={LIMITS.auth.password} autoComplete={isSignup ? 'new-password' : 'current-password'} value={values.password} onChange={set('password')} />
          </Field>
          <Button type="submit" variant="primary" loading={busy}>{isSignup ? 'Create account' : 'Log in'}</Button>
          <p className="small muted">
            {isSignup ? <>Already have an account? <Link to="/login">Log in</Link></> : <>New here? <Link to="/signup">Create an account</Link></>}
          </p>
        </form>
      </Card>
    </main>
  );
}
