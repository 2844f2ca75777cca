/**
 * The apps' HTTP ports. The Deployments' container ports and Services (infra/stack-plan.ts), the compose
 * file and the smoke test's probe of the backend all read them here, so they cannot drift apart.
 */
export const BACKEND_PORT = 8000;
export const FRONTEND_PORT = 3000;
