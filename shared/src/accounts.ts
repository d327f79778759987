/**
 * Accounts, sessions and API tokens: REST bodies and views. See docs/api.md.
 */
import { z } from 'zod';

export const ROLES = ['admin', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const username = z.string().trim().toLowerCase().regex(USERNAME_RE, 'a username is 2–32 characters a–z, 0–9, ".", "-" or "_"');
export const PASSWORD_MIN = 10;
export const password = z.string().min(PASSWORD_MIN, `a password has at least ${PASSWORD_MIN} characters`).max(200);

/**
 * POST /api/auth/login (and /api/admin/login, which the admin page used before accounts existed: there the username
 * defaults to "admin"). Staff sign in at a counter; an admin may.
 */
export const loginRequest = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64).default('admin'),
  password: z.string().min(1).max(200),
  counterId: z.string().min(1).max(40).optional(),
  /** the person signing in confirmed taking over a counter where someone else is on duty (answered counter-occupied) */
  takeOver: z.boolean().optional(),
});
export type LoginRequest = z.input<typeof loginRequest>;

/**
 * The answer to a sign-in at a counter where someone else is on duty (issue 11, finding 6): HTTP 409, the ack
 * envelope with who is there. Sign in again with `takeOver: true` to end their duty and take the counter.
 */
export interface CounterOccupiedAnswer {
  ok: false;
  reason: 'counter-occupied';
  detail: string;
  onDuty: { displayName: string; since: number };
}

/** Why a staff page's duty ended, sent on the /staff socket just before it closes. */
export interface DutyEnded {
  /** taken-over: a colleague signed in at this counter and confirmed; session-ended: signed out, disabled, password changed, or lapsed by age or idleness */
  reason: 'taken-over' | 'session-ended';
  /** who took over (their display name), for taken-over */
  by: string | null;
}

/** socket.io namespace /staff: the counter page hears here that its duty ended. */
export interface HubToStaff {
  'staff:duty-ended': (e: DutyEnded) => void;
}

export const staffTitle = z.string().trim().min(1).max(120);

export const createUserRequest = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(120).optional(),
  role: z.enum(ROLES),
  /** absent: the hub makes one and answers it once */
  password: password.optional(),
  /** chức danh, shown with the name on the kiosk: "Công chức Tư pháp – Hộ tịch" */
  title: staffTitle.optional(),
});

/** PATCH /api/admin/users/:id: the title (null takes it off). */
export const updateUserRequest = z.strictObject({ title: staffTitle.nullable() });
export type CreateUserRequest = z.input<typeof createUserRequest>;

export const changePasswordRequest = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password });

export const createTokenRequest = z.strictObject({ name: z.string().trim().min(1).max(80) });

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  title: string | null;
  hasPhoto: boolean;
}

export interface SessionView {
  signedIn: boolean;
  user?: Pick<UserView, 'id' | 'username' | 'displayName' | 'role'>;
  counter?: { id: string; name: string } | null;
  expiresAt?: number;
}

export interface ApiTokenView {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  revoked: boolean;
}
