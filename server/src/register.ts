import type { Core } from '@strapi/strapi';
import { registerDocumentMiddleware } from './document-middleware';
import { hideFromGraphql } from './security/graphql';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerDocumentMiddleware(strapi);
  hideFromGraphql(strapi);
};

export default register;
