import type { PrismaClient } from '../db/database';

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export interface UsersRepository {
  /** Returns null when the email is already taken. */
  create(email: string, passwordHash: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
}

const uniqueViolation = 'P2002';

export function createUsersRepository(prisma: PrismaClient): UsersRepository {
  const select = { id: true, email: true, passwordHash: true, createdAt: true } as const;
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
  };
}
