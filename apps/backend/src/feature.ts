import type { Router } from 'express';

/** A feature of the API: its router, mounted by `createApp` under `/api/v1`. */
export interface Feature {
  readonly router: Router;
}
