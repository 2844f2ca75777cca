/** @jest-environment node */
import { isSecureRequest, sessionCookie, tokenMaxAgeSeconds } from './session';

function jwtWith(claims: object): string {
  return `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;
}

describe('tokenMaxAgeSeconds', () => {
  it('when the token expires in an hour, then the cookie lives an hour', () => {
    expect(tokenMaxAgeSeconds(jwtWith({ exp: 1_000 + 3_600 }), 1_000_000)).toBe(3_600);
  });

  it('when the token has already expired, then the cookie lives zero seconds', () => {
    expect(tokenMaxAgeSeconds(jwtWith({ exp: 10 }), 1_000_000)).toBe(0);
  });

  it('when the token has no readable exp, then the cookie lives seven days', () => {
    expect(tokenMaxAgeSeconds('not-a-jwt')).toBe(604_800);
    expect(tokenMaxAgeSeconds(jwtWith({ sub: 'x' }))).toBe(604_800);
  });
});

describe('sessionCookie', () => {
  it('when built, then it is httpOnly, SameSite=Lax, site-wide', () => {
    expect(sessionCookie(jwtWith({ exp: 2_000 }), false, 1_000_000)).toEqual({
      name: 'todo_session',
      value: jwtWith({ exp: 2_000 }),
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      path: '/',
      maxAge: 1_000,
    });
  });
});

describe('isSecureRequest', () => {
  it('when a proxy says https, then the cookie is secure even over plain http to us', () => {
    expect(isSecureRequest('http://frontend:3000/api/session/login', 'https')).toBe(true);
  });

  it('when nothing says https, then the cookie is not secure', () => {
    expect(isSecureRequest('http://localhost:30080/api/session/login', null)).toBe(false);
    expect(isSecureRequest('https://todo.example/api/session/login', null)).toBe(true);
  });
});
