type Argon2 = typeof import('@node-rs/argon2');

let argon2: Promise<Argon2> | undefined;
/** The native Argon2 binding, loaded on the first password hashed or checked, not at start-up (idle memory, issue 17). */
const loadArgon2 = (): Promise<Argon2> => (argon2 ??= import('@node-rs/argon2'));

/** Argon2id with the library's defaults (OWASP-recommended memory and time costs). */
export async function hashPassword(password: string): Promise<string> {
  return (await loadArgon2()).hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const { verify } = await loadArgon2();
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must not let anyone in, nor crash the login route.
    return false;
  }
}
