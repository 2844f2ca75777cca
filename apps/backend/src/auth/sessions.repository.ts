import type { PrismaClient } from '../db/database';

export interface NewSession {
  id: string;
  userId: string;
  expiresAt: Date;
}

/** The `sessions` rows behind the tokens: a token works only while its row exists (see schema.prisma). */
export interface SessionsRepository {
  /** Starts a session, and deletes the user's expired ones so rows do not pile up. */
  create(session: NewSession): Promise<void>;
  /** Ends one session of the user; false when it was already gone. */
  delete(userId: string, sessionId: string): Promise<boolean>;
}

export function createSessionsRepository(prisma: PrismaClient): SessionsRepository {
  return {
    async create(session) {
      await prisma.$transaction([
        prisma.session.deleteMany({ where: { userId: session.userId, expiresAt: { lte: new Date() } } }),
        prisma.session.create({ data: session, select: { id: true } }),
      ]);
    },
    async delete(userId, sessionId) {
      const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
      return count > 0;
    },
  };
}
