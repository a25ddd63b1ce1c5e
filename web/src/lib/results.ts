// Mutations return unions: <Name>Success { data } | ValidationError | NotFoundError | ConflictError.
// These helpers turn a result into "data" or a message plus field errors for a form.
export type FieldErrors = Record<string, string>;

type ErrorLike = { __typename?: string; message?: string; fieldErrors?: ReadonlyArray<{ path: ReadonlyArray<string>; message: string }> };

export function fieldErrorsOf(result: ErrorLike | null | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const fe of result?.fieldErrors ?? []) {
    // Paths come as ["input", "fromEmail"], ["fromEmail"] or ["sampleWorks", "0", "url"]:
    // key by the first named segment after "input", which is the form field.
    const key = fe.path.find((p) => p !== 'input' && Number.isNaN(Number(p))) ?? fe.path.join('.');
    if (!out[key]) out[key] = fe.message;
  }
  return out;
}

export function isSuccess<T extends { __typename?: string }>(r: T | null | undefined): r is Extract<T, { data: unknown }> {
  return !!r && typeof r === 'object' && 'data' in r;
}

export function errorText(r: ErrorLike | null | undefined): string | null {
  if (!r || 'data' in (r as object)) return null;
  return r.message ?? 'The request failed.';
}

/**
 * Moves focus to the first control of `form` marked aria-invalid (in the order the form shows
 * them), after React has painted the errors; returns false when none is marked.
 */
export function focusFirstInvalid(form: HTMLElement | null): boolean {
  const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!el) return false;
  el.focus();
  return true;
}

/** Focus for the result of an action (a status line, a banner): it must be focusable (tabIndex -1). */
export function focusResult(el: HTMLElement | null) {
  if (el && document.activeElement !== el) el.focus();
}
