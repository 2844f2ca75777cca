import type { PrismaClient } from '../db/database';

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

/** A user without the password hash: what a request's authentication needs. */
export type PublicUserRecord = Omit<UserRecord, 'passwordHash'>;

export interface UsersRepository {
  /** Returns null when the email is already taken. */
  create(email: string, passwordHash: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  /**
   * The user, if the session exists, belongs to them and has not expired: the per-request check
   * of every authenticated call, in one SQL statement (the session test is an `EXISTS` subquery).
   */
  findBySession(userId: string, sessionId: string): Promise<PublicUserRecord | null>;
  /** Sets a new password hash and ends every session of the user except `keepSessionId`, atomically. */
  changePassword(userId: string, passwordHash: string, keepSessionId: string): Promise<void>;
  /**
   * Deletes the user. Every table that refers to users cascades (schema.prisma `onDelete: Cascade`:
   * tasks, conversations and through them messages, sessions, the assistant's actions), so one
   * statement removes all of it. Deleting a user that is already gone is not an error.
   */
  delete(id: string): Promise<void>;
}

const uniqueViolation = 'P2002';

export function createUsersRepository(prisma: PrismaClient): UsersRepository {
  const select = { id: true, email: true, passwordHash: true, createdAt: true } as const;
  const publicSelect = { id: true, email: true, createdAt: true } as const;
  return {
    async create(email, passwordHash) {
      try {
        return await prisma.user.create({ data: { email, passwordHash }, select });
      } catch (error) {
        if ((error as { code?: unknown }).code === uniqueViolation) return null;
        throw error;
      }
    },
    findByEmail: (email) => prisma.user.findUnique({ where: { email }, select }),
    findById: (id) => prisma.user.findUnique({ where: { id }, select }),
    findBySession: (userId, sessionId) =>
      prisma.user.findFirst({
        where: { id: userId, sessions: { some: { id: sessionId, expiresAt: { gt: new Date() } } } },
        select: publicSelect,
      }),
    async changePassword(userId, passwordHash, keepSessionId) {
      await prisma.$transaction([
        prisma.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } }),
        prisma.session.deleteMany({ where: { userId, id: { not: keepSessionId } } }),
      ]);
    },
    async delete(id) {
      await prisma.user.deleteMany({ where: { id } });
    },
  };
}
