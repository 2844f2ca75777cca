// Backend tests talk to a real (or embedded) PostgreSQL and hash passwords with scrypt: on a
// shared 2-core machine a single hook can exceed Jest's 5 s default.
jest.setTimeout(30_000);
