/**
 * The setup every assistant route test file shares, registered as Jest hooks by one call at the
 * top of the file: one database schema and one scripted LLM server for the file, a fresh app for
 * each test (nothing kept in memory carries over), and after each test the check that it consumed
 * exactly the replies it scripted. Tests make their own users with `newUser`.
 */
import { startScriptedLlmServer, type ScriptedLlmServer } from '@todo/testkit/scripted-llm-server';
import type { App } from '../../app';
import { createDatabase, type Database } from '../../db/database';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { uniqueEmail } from '../../testing/factories';
import type { AssistantLimits } from '../assistant.feature';
import { buildAssistantApp, signUp } from './assistant-app';

export interface AssistantRouteSuite {
  readonly db: TestDatabase;
  readonly llm: ScriptedLlmServer;
  /** This test's app. */
  readonly app: App;
  /** Every log line this test's app wrote, as text. */
  readonly logs: string[];
  /** Replaces this test's app by one with other settings (an env variable, a limit). */
  rebuild(options: { env?: Record<string, string | undefined>; limits?: Partial<AssistantLimits> }): void;
  /**
   * Another app on its own database client, as a restarted pod or another replica would be:
   * nothing in memory is shared with `app`. Its client is closed after the test.
   */
  replica(): App;
  /** Signs up a new user on this test's app. */
  newUser(): Promise<{ token: string; userId: string }>;
}

export function useAssistantRouteSuite(label: string): AssistantRouteSuite {
  let db: TestDatabase | undefined;
  let llm: ScriptedLlmServer | undefined;
  let current: { app: App; logs: string[] } | undefined;
  const replicaDatabases: Database[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the assistant suite's ${what} is only there inside a test`);
    return value;
  };

  // Creating and migrating a schema can take seconds on a busy 2-core machine.
  jest.setTimeout(20_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    llm = await startScriptedLlmServer();
  }, 60_000);

  afterAll(async () => {
    await llm?.close();
    await db?.close();
  });

  const suite: AssistantRouteSuite = {
    get db() {
      return ready(db, 'database');
    },
    get llm() {
      return ready(llm, 'LLM server');
    },
    get app() {
      return ready(current, 'app').app;
    },
    get logs() {
      return ready(current, 'app').logs;
    },
    rebuild(options) {
      current = buildAssistantApp({ database: suite.db.database, databaseUrl: suite.db.url, llmUrl: suite.llm.url, ...options });
    },
    replica() {
      const database = createDatabase(suite.db.url, { max: 2 });
      replicaDatabases.push(database);
      return buildAssistantApp({ database, databaseUrl: suite.db.url, llmUrl: suite.llm.url }).app;
    },
    newUser: () => signUp(suite.app, uniqueEmail(label)),
  };

  beforeEach(() => {
    suite.llm.requests.length = 0;
    suite.rebuild({});
  });

  afterEach(async () => {
    await Promise.all(replicaDatabases.splice(0).map((database) => database.close()));
    // Every test consumes exactly what it scripted.
    expect(suite.llm.pending()).toBe(0);
  });

  return suite;
}
