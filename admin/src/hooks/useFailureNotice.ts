import { useNotification } from '@strapi/strapi/admin';
import { useEffect } from 'react';

/**
 * Says a failure to read once, in a notification, when its message appears; quiet polls that
 * fail again with the same message do not repeat it.
 */
export const useFailureNotice = (message: string | null) => {
  const { toggleNotification } = useNotification();
  useEffect(() => {
    if (message) toggleNotification({ type: 'danger', message });
  }, [message, toggleNotification]);
};
