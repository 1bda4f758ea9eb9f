import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import bcrypt from 'bcryptjs';
import request from 'supertest';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface AdminAgent {
  email: string;
  token: string;
  request(method: Method, url: string): request.Test;
}

const uniqueEmail = (label: string) =>
  `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}@example.test`;

/** A role holding exactly these plugin actions (no subject, no conditions). */
export const createRole = async (strapi: Core.Strapi, name: string, actions: string[]) => {
  const roles = strapi.service('admin::role');
  const role = await roles.create({
    name: `${name} ${randomBytes(3).toString('hex')}`,
    description: name,
  });
  await roles.assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
  return role as { id: number };
};

/**
 * An administrator logged in through the real /admin/login route. `actions: 'super-admin'` gives
 * the built-in Super Admin role; a list gives a fresh role with just those actions.
 */
export const createAdminAgent = async (
  strapi: Core.Strapi,
  actions: string[] | 'super-admin',
  label = 'editor'
): Promise<AdminAgent> => {
  const roleId =
    actions === 'super-admin'
      ? ((await strapi.service('admin::role').getSuperAdmin()) as { id: number }).id
      : (await createRole(strapi, label, actions)).id;

  const email = uniqueEmail(label);
  const password = `Pw1-${randomBytes(12).toString('hex')}`;
  const user = (await strapi.service('admin::user').create({
    email,
    firstname: label,
    lastname: 'Test',
    isActive: true,
    registrationToken: null,
    roles: [roleId],
  })) as { id: number };
  // The password is stored as a bcrypt hash of the lowest cost instead of Strapi's own (cost 10):
  // bcrypt reads the cost from the hash, so the real /admin/login below checks it as usual, and
  // the suites save ~0.6 s of CPU per administrator (bcryptjs is plain JavaScript; a few hundred
  // administrators per `npm test`).
  await strapi.db.query('admin::user').update({
    where: { id: user.id },
    data: { password: bcrypt.hashSync(password, 4) },
  });

  const login = await request(strapi.server.httpServer)
    .post('/admin/login')
    .send({ email, password });
  if (login.status !== 200) {
    throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  }
  const token = login.body.data.token as string;

  return {
    email,
    token,
    request: (method, url) =>
      request(strapi.server.httpServer)[method](url).set('Authorization', `Bearer ${token}`),
  };
};

/** The field errors of a 400 answer, after checking that it is one (Strapi's ValidationError). */
export const validationErrors = (response: request.Response) => {
  expect(response.status).toBe(400);
  expect(response.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
  return response.body.error.details.errors as Array<{ path: string[]; message: string }>;
};
