/**
 * Whether a new variable's name says it holds a secret of the caller's (a PUK, a PIN, a code, a
 * password, an OTP, an account number): such a variable is declared sensitive unless the editor
 * unticks it, so a forgotten box never puts a code in a transcript.
 */
export function likelySensitive(name: string): boolean {
  return /(^|_)(puk|pin|code|codes|otp|cvv|cvc|pass|password|passwd|mot_?de_?passe|mdp|secret|token|iban|account|compte)(_|$|\d)|puk|pin_?code|password|motdepasse|secret|token/i.test(name);
}
