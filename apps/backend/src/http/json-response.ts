import type { Express, Response } from 'express';

/**
 * `res.json` without Express's detour for large bodies. Express's `res.send` copies any body of
 * 1,000 characters or more into a Buffer (express/lib/response.js, `res.send`: "convert chunk to
 * Buffer"), which Node then writes as a second chunk after the headers; a string body goes out
 * with the headers in one write. The task list (~12 KB for 50 tasks) takes that path on every
 * request.
 *
 * Installed on this app's response prototype (`app.response`, Express's per-app extension point),
 * so every route keeps calling `res.json`. The direct path is taken only where it answers exactly
 * what Express would (pinned case by case in json-response.test.ts): a JSON value, no Content-Type
 * or Transfer-Encoding set yet, a status with a body, not HEAD, not a fresh conditional request,
 * and none of Express's `json replacer|spaces|escape` settings, nor ETags (`etag fn`: the API turns
 * them off). Anything else goes to Express.
 */
export function installDirectJson(app: Express): void {
  const expressJson = app.response.json;
  app.response.json = function json(this: Response, value: unknown) {
    const expressOnly = ['json replacer', 'json spaces', 'json escape', 'etag fn'].some((setting) => Boolean(this.app.get(setting)));
    const text = expressOnly ? undefined : JSON.stringify(value);
    if (
      typeof text !== 'string' ||
      this.getHeader('Content-Type') !== undefined ||
      this.getHeader('Transfer-Encoding') !== undefined ||
      this.req.method === 'HEAD' ||
      this.statusCode === 204 ||
      this.statusCode === 205 ||
      this.statusCode === 304 ||
      this.req.fresh
    ) {
      return expressJson.call(this, value);
    }
    this.setHeader('Content-Type', 'application/json; charset=utf-8');
    this.setHeader('Content-Length', Buffer.byteLength(text));
    this.end(text);
    return this;
  };
}
