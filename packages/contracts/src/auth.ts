import { z } from 'zod';

export const emailSchema = z
  .email()
  .max(254)
  .transform((email) => email.toLowerCase());

/** The rules of a new password, shared with the forms that ask for one. */
export const passwordLimits = { minLength: 8, maxLength: 128 } as const;

export const passwordSchema = z
  .string()
  .min(passwordLimits.minLength, `must be at least ${passwordLimits.minLength} characters`)
  .max(passwordLimits.maxLength, `must be at most ${passwordLimits.maxLength} characters`);

export const signupRequestSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
});
export type SignupRequest = z.input<typeof signupRequestSchema>;

export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  // Login checks only presence: length rules belong to signup, and must not leak which rule failed.
  password: z.string().min(1).max(128),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  createdAt: z.iso.datetime(),
});
export type User = z.infer<typeof userSchema>;

export const authResponseSchema = z.object({
  user: userSchema,
  /** HS256 JWT; send as `Authorization: Bearer <token>`. */
  token: z.string(),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** The password the person types to prove it is them: presence only, like login. */
const currentPasswordSchema = z.string().min(1).max(passwordLimits.maxLength);

export const changePasswordRequestSchema = z.strictObject({
  // The rules apply to the new password only.
  currentPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.input<typeof changePasswordRequestSchema>;

/** Deleting the account cannot be undone, so a stolen session alone must not be enough. */
export const deleteAccountRequestSchema = z.strictObject({
  currentPassword: currentPasswordSchema,
});
export type DeleteAccountRequest = z.input<typeof deleteAccountRequestSchema>;
