import { Alert, Button } from '@strapi/design-system';
import type { ComponentProps, ReactNode } from 'react';

/**
 * An alert with its message and, when there is something the user may do about it, one button:
 * the editors' warnings (changed outside the plugin, paused) all take this shape.
 */
export const AlertWithAction = ({
  variant,
  title,
  closeLabel,
  action,
  children,
}: {
  variant: ComponentProps<typeof Alert>['variant'];
  title?: string;
  closeLabel: string;
  /** Left out when the user may not act (the alert is then the message alone). */
  action?: { label: string; onClick: () => void };
  children: ReactNode;
}) => (
  <Alert
    variant={variant}
    title={title}
    closeLabel={closeLabel}
    action={
      action ? (
        <Button size="S" variant="secondary" onClick={action.onClick}>
          {action.label}
        </Button>
      ) : undefined
    }
  >
    {children}
  </Alert>
);
