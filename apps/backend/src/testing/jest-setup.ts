import { setPasswordHashParamsForTests } from '../auth/password';

// Backend tests talk to a real (or embedded) PostgreSQL: on a shared 2-core machine a single hook
// can exceed Jest's 5 s default.
jest.setTimeout(30_000);

// Production hashing costs ~16 MiB and tens of ms of CPU per signup/login by design; the suites
// sign up hundreds of users. password.test.ts checks the production parameters themselves.
setPasswordHashParamsForTests({ N: 2 ** 10, r: 8, p: 1 });
