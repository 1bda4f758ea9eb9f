import { DesignSystemProvider } from '@strapi/design-system';
import type { ReactNode } from 'react';
import { IntlProvider } from 'react-intl';

/** A component as the admin panel renders it: inside react-intl and Strapi's design system. */
export const inDesignSystem = (ui: ReactNode) => (
  <IntlProvider locale="en" messages={{}} onError={() => undefined}>
    <DesignSystemProvider locale="en">{ui}</DesignSystemProvider>
  </IntlProvider>
);
