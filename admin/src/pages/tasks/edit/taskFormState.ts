import { useForm } from '@strapi/strapi/admin';

import type { TaskFormValues } from '../../../components/tasks/form';

/** The task form's current values, for sections that show more than one field. */
export const useTaskValues = <Selected>(select: (values: TaskFormValues) => Selected) =>
  useForm('TaskEditor', (state) => select(state.values as TaskFormValues));
