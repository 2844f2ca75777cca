// `npm run dev`: the backend (embedded PostgreSQL unless DATABASE_URL is set, see apps/backend/src/dev.ts)
// and the frontend (next dev, proxying /api/v1 to the backend) together, with prefixed output.
// Ctrl+C stops both; if either exits, the other is stopped too (concurrently's killOthers).
import concurrently from 'concurrently';

const backendPort = process.env.BACKEND_PORT ?? '8000';
const frontendPort = process.env.FRONTEND_PORT ?? '3000';

const { result } = concurrently(
  [
    {
      name: 'backend',
      command: 'npm run dev -w @todo/backend',
      env: { PORT: backendPort, FRONTEND_URL: `http://localhost:${frontendPort}` },
    },
    {
      name: 'frontend',
      command: `npm run dev -w @todo/frontend -- --port ${frontendPort}`,
      env: { PORT: frontendPort, BACKEND_URL: process.env.BACKEND_URL ?? `http://127.0.0.1:${backendPort}` },
    },
  ],
  { prefixColors: ['cyan', 'magenta'], killOthers: ['failure', 'success'] },
);
process.stdout.write(`dev: frontend http://localhost:${frontendPort}, backend http://localhost:${backendPort}\n`);
result.then(
  () => process.exit(0),
  () => process.exit(1),
);
