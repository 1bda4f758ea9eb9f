/**
 * The plugin's admin API through Strapi's own data layer (RTK Query on `adminApi`, as
 * review-workflows does): one endpoint per admin route, typed by the contracts the server
 * answers with; cache tags say which answers a change makes stale. One file on purpose, however
 * long: the tags tie the endpoints together, and split lists would hide which change refreshes what.
 */
import { adminApi } from '@strapi/strapi/admin';

import type {
  AdminRoutes,
  MaintenanceWebhookEvent,
  RunListQuery,
  SchedulePreviewQuery,
  StrapiWebhook,
  TaskListQuery,
} from '../../../server/src/contracts';
import { PLUGIN_ID } from '../pluginId';

/** The answer of a route. */
type Answer<R extends keyof AdminRoutes> = AdminRoutes[R]['response'];
/** What a route takes in its body. */
type Body<R extends keyof AdminRoutes> = AdminRoutes[R] extends { body: infer B } ? B : never;

const url = (path: string) => `/${PLUGIN_ID}${path}`;

const TAGS = [
  'MaintenanceTask',
  'MaintenanceScript',
  'MaintenanceRun',
  'MaintenanceSettings',
  'MaintenanceHealth',
  'MaintenanceWebhookEvent',
  'MaintenanceSiteWebhook',
] as const;

/** A task changes what the lists, the health banner and the runs show. */
const TASK_CHANGE = ['MaintenanceTask', 'MaintenanceHealth', 'MaintenanceScript'] as const;
const SCRIPT_CHANGE = ['MaintenanceScript', 'MaintenanceTask', 'MaintenanceHealth'] as const;
const RUN_CHANGE = ['MaintenanceRun', 'MaintenanceTask', 'MaintenanceHealth'] as const;

const maintenanceApi = adminApi.enhanceEndpoints({ addTagTypes: [...TAGS] }).injectEndpoints({
  endpoints: (builder) => ({
    getHealth: builder.query<Answer<'GET /health'>['data'], void>({
      query: () => url('/health'),
      transformResponse: (answer: Answer<'GET /health'>) => answer.data,
      providesTags: ['MaintenanceHealth'],
    }),

    getTasks: builder.query<Answer<'GET /tasks'>, TaskListQuery | void>({
      query: (params) => ({ url: url('/tasks'), method: 'GET', config: { params: params ?? {} } }),
      providesTags: ['MaintenanceTask'],
    }),
    getTask: builder.query<Answer<'GET /tasks/:id'>['data'], number>({
      query: (id) => url(`/tasks/${id}`),
      transformResponse: (answer: Answer<'GET /tasks/:id'>) => answer.data,
      providesTags: ['MaintenanceTask'],
    }),
    createTask: builder.mutation<Answer<'POST /tasks'>['data'], Body<'POST /tasks'>>({
      query: (data) => ({ url: url('/tasks'), method: 'POST', data }),
      transformResponse: (answer: Answer<'POST /tasks'>) => answer.data,
      invalidatesTags: [...TASK_CHANGE],
    }),
    updateTask: builder.mutation<
      Answer<'PUT /tasks/:id'>['data'],
      { id: number; body: Body<'PUT /tasks/:id'> }
    >({
      query: ({ id, body }) => ({ url: url(`/tasks/${id}`), method: 'PUT', data: body }),
      transformResponse: (answer: Answer<'PUT /tasks/:id'>) => answer.data,
      invalidatesTags: [...TASK_CHANGE],
    }),
    deleteTask: builder.mutation<Answer<'DELETE /tasks/:id'>['data'], number>({
      query: (id) => ({ url: url(`/tasks/${id}`), method: 'DELETE' }),
      transformResponse: (answer: Answer<'DELETE /tasks/:id'>) => answer.data,
      invalidatesTags: [...TASK_CHANGE],
    }),
    /** enable, disable, resume and accept: a task action that answers the task. */
    taskAction: builder.mutation<
      Answer<'POST /tasks/:id/enable'>['data'],
      { id: number; action: 'enable' | 'disable' | 'resume' | 'accept' }
    >({
      query: ({ id, action }) => ({ url: url(`/tasks/${id}/${action}`), method: 'POST', data: {} }),
      transformResponse: (answer: Answer<'POST /tasks/:id/enable'>) => answer.data,
      invalidatesTags: [...TASK_CHANGE],
    }),
    runTask: builder.mutation<
      Answer<'POST /tasks/:id/run'>['data'],
      { id: number } & Body<'POST /tasks/:id/run'>
    >({
      query: ({ id, ...body }) => ({ url: url(`/tasks/${id}/run`), method: 'POST', data: body }),
      transformResponse: (answer: Answer<'POST /tasks/:id/run'>) => answer.data,
      invalidatesTags: [...RUN_CHANGE],
    }),

    getScripts: builder.query<Answer<'GET /scripts'>['data'], void>({
      query: () => url('/scripts'),
      transformResponse: (answer: Answer<'GET /scripts'>) => answer.data,
      providesTags: ['MaintenanceScript'],
    }),
    /**
     * Rarely changes (a content type added means a restart): fetched once per session. Not
     * `getContentTypes`: review-workflows injects an endpoint of that name into the same API.
     */
    getScriptContentTypes: builder.query<Answer<'GET /content-types'>['data'], void>({
      query: () => url('/content-types'),
      transformResponse: (answer: Answer<'GET /content-types'>) => answer.data,
      keepUnusedDataFor: 3600,
    }),
    getScript: builder.query<Answer<'GET /scripts/:id'>['data'], number>({
      query: (id) => url(`/scripts/${id}`),
      transformResponse: (answer: Answer<'GET /scripts/:id'>) => answer.data,
      providesTags: ['MaintenanceScript'],
    }),
    validateScript: builder.mutation<
      Answer<'POST /scripts/validate'>['data'],
      Body<'POST /scripts/validate'>
    >({
      query: (data) => ({ url: url('/scripts/validate'), method: 'POST', data }),
      transformResponse: (answer: Answer<'POST /scripts/validate'>) => answer.data,
    }),
    createScript: builder.mutation<Answer<'POST /scripts'>['data'], Body<'POST /scripts'>>({
      query: (data) => ({ url: url('/scripts'), method: 'POST', data }),
      transformResponse: (answer: Answer<'POST /scripts'>) => answer.data,
      invalidatesTags: [...SCRIPT_CHANGE],
    }),
    updateScript: builder.mutation<
      Answer<'PUT /scripts/:id'>['data'],
      { id: number; body: Body<'PUT /scripts/:id'> }
    >({
      query: ({ id, body }) => ({ url: url(`/scripts/${id}`), method: 'PUT', data: body }),
      transformResponse: (answer: Answer<'PUT /scripts/:id'>) => answer.data,
      invalidatesTags: [...SCRIPT_CHANGE],
    }),
    deleteScript: builder.mutation<Answer<'DELETE /scripts/:id'>['data'], number>({
      query: (id) => ({ url: url(`/scripts/${id}`), method: 'DELETE' }),
      transformResponse: (answer: Answer<'DELETE /scripts/:id'>) => answer.data,
      invalidatesTags: [...SCRIPT_CHANGE],
    }),
    testRunScript: builder.mutation<
      Answer<'POST /scripts/:id/test-run'>['data'],
      { id: number } & Body<'POST /scripts/:id/test-run'>
    >({
      query: ({ id, ...body }) => ({
        url: url(`/scripts/${id}/test-run`),
        method: 'POST',
        data: body,
      }),
      transformResponse: (answer: Answer<'POST /scripts/:id/test-run'>) => answer.data,
    }),
    getScriptReview: builder.query<Answer<'GET /scripts/:id/review'>['data'], number>({
      query: (id) => url(`/scripts/${id}/review`),
      transformResponse: (answer: Answer<'GET /scripts/:id/review'>) => answer.data,
      providesTags: ['MaintenanceScript'],
    }),
    /** accept and restore-signed: a script action that answers the script. */
    scriptAction: builder.mutation<
      Answer<'POST /scripts/:id/accept'>['data'],
      { id: number; action: 'accept' | 'restore-signed' }
    >({
      query: ({ id, action }) => ({
        url: url(`/scripts/${id}/${action}`),
        method: 'POST',
        data: {},
      }),
      transformResponse: (answer: Answer<'POST /scripts/:id/accept'>) => answer.data,
      invalidatesTags: [...SCRIPT_CHANGE],
    }),
    getScriptVersions: builder.query<Answer<'GET /scripts/:id/versions'>['data'], number>({
      query: (id) => url(`/scripts/${id}/versions`),
      transformResponse: (answer: Answer<'GET /scripts/:id/versions'>) => answer.data,
      providesTags: ['MaintenanceScript'],
    }),
    getScriptVersion: builder.query<
      Answer<'GET /scripts/:id/versions/:version'>['data'],
      { id: number; version: number }
    >({
      query: ({ id, version }) => url(`/scripts/${id}/versions/${version}`),
      transformResponse: (answer: Answer<'GET /scripts/:id/versions/:version'>) => answer.data,
      providesTags: ['MaintenanceScript'],
    }),
    restoreScriptVersion: builder.mutation<
      Answer<'POST /scripts/:id/versions/:version/restore'>['data'],
      { id: number; version: number }
    >({
      query: ({ id, version }) => ({
        url: url(`/scripts/${id}/versions/${version}/restore`),
        method: 'POST',
        data: {},
      }),
      transformResponse: (answer: Answer<'POST /scripts/:id/versions/:version/restore'>) =>
        answer.data,
      invalidatesTags: [...SCRIPT_CHANGE],
    }),

    getRuns: builder.query<Answer<'GET /runs'>, RunListQuery | void>({
      query: (params) => ({ url: url('/runs'), method: 'GET', config: { params: params ?? {} } }),
      providesTags: ['MaintenanceRun'],
    }),
    getRun: builder.query<Answer<'GET /runs/:id'>['data'], number>({
      query: (id) => url(`/runs/${id}`),
      transformResponse: (answer: Answer<'GET /runs/:id'>) => answer.data,
      providesTags: ['MaintenanceRun'],
    }),
    /** Asks a running run to stop; it ends `cancelled` within about a second. */
    cancelRun: builder.mutation<Answer<'POST /runs/:id/cancel'>['data'], number>({
      query: (id) => ({ url: url(`/runs/${id}/cancel`), method: 'POST', data: {} }),
      transformResponse: (answer: Answer<'POST /runs/:id/cancel'>) => answer.data,
      invalidatesTags: [...RUN_CHANGE],
    }),

    getSchedulePreview: builder.query<
      Answer<'GET /schedule/preview'>['data'],
      SchedulePreviewQuery
    >({
      query: (params) => ({ url: url('/schedule/preview'), method: 'GET', config: { params } }),
      transformResponse: (answer: Answer<'GET /schedule/preview'>) => answer.data,
    }),

    getWebhookEvents: builder.query<
      { events: MaintenanceWebhookEvent[]; webhooksHidden: boolean },
      void
    >({
      query: () => url('/webhook-events'),
      transformResponse: (answer: Answer<'GET /webhook-events'>) => ({
        events: answer.data,
        webhooksHidden: answer.meta?.webhooksHidden === true,
      }),
      providesTags: ['MaintenanceWebhookEvent'],
    }),

    /** The signed export file; read each time it is asked for, never kept. */
    getExport: builder.query<Answer<'GET /export'>, void>({
      query: () => url('/export'),
      keepUnusedDataFor: 0,
    }),
    /** Strapi's own webhooks (its admin API, its permissions), to subscribe them to the events. */
    getSiteWebhooks: builder.query<StrapiWebhook[], void>({
      query: () => '/admin/webhooks',
      transformResponse: (answer: { data: StrapiWebhook[] }) => answer.data,
      providesTags: ['MaintenanceSiteWebhook'],
    }),
    createSiteWebhook: builder.mutation<
      unknown,
      Omit<StrapiWebhook, 'id' | 'isEnabled'> & { isEnabled?: boolean }
    >({
      query: (data) => ({ url: '/admin/webhooks', method: 'POST', data }),
      invalidatesTags: ['MaintenanceSiteWebhook', 'MaintenanceWebhookEvent'],
    }),
    /** Strapi's validator refuses unknown keys: the body has no id. */
    updateSiteWebhook: builder.mutation<
      unknown,
      { id: StrapiWebhook['id']; body: Omit<StrapiWebhook, 'id'> }
    >({
      query: ({ id, body }) => ({ url: `/admin/webhooks/${id}`, method: 'PUT', data: body }),
      invalidatesTags: ['MaintenanceSiteWebhook', 'MaintenanceWebhookEvent'],
    }),

    previewImport: builder.mutation<Answer<'POST /import/preview'>['data'], unknown>({
      query: (data) => ({ url: url('/import/preview'), method: 'POST', data }),
      transformResponse: (answer: Answer<'POST /import/preview'>) => answer.data,
    }),
    applyImport: builder.mutation<Answer<'POST /import'>['data'], unknown>({
      query: (data) => ({ url: url('/import'), method: 'POST', data }),
      transformResponse: (answer: Answer<'POST /import'>) => answer.data,
      invalidatesTags: ['MaintenanceTask', 'MaintenanceScript', 'MaintenanceHealth'],
    }),

    // Endpoint names share one namespace with Strapi's and other plugins' (i18n has a
    // `getSettings`): a clash silently hands back their endpoint, so these carry the plugin's name.
    getMaintenanceSettings: builder.query<Answer<'GET /settings'>['data'], void>({
      query: () => url('/settings'),
      transformResponse: (answer: Answer<'GET /settings'>) => answer.data,
      providesTags: ['MaintenanceSettings'],
    }),
    updateMaintenanceSettings: builder.mutation<
      Answer<'PUT /settings'>['data'],
      Body<'PUT /settings'>
    >({
      query: (data) => ({ url: url('/settings'), method: 'PUT', data }),
      transformResponse: (answer: Answer<'PUT /settings'>) => answer.data,
      invalidatesTags: ['MaintenanceSettings', 'MaintenanceHealth'],
    }),
    createToken: builder.mutation<
      Answer<'POST /settings/tokens'>['data'],
      Body<'POST /settings/tokens'>
    >({
      query: (data) => ({ url: url('/settings/tokens'), method: 'POST', data }),
      transformResponse: (answer: Answer<'POST /settings/tokens'>) => answer.data,
      invalidatesTags: ['MaintenanceSettings'],
    }),
    deleteToken: builder.mutation<Answer<'DELETE /settings/tokens/:id'>['data'], string>({
      query: (id) => ({ url: url(`/settings/tokens/${id}`), method: 'DELETE' }),
      transformResponse: (answer: Answer<'DELETE /settings/tokens/:id'>) => answer.data,
      invalidatesTags: ['MaintenanceSettings'],
    }),
    // The maintenance hold: the settings, the banner and the tasks list header show it.
    pauseMaintenance: builder.mutation<
      Answer<'PUT /settings/hold'>['data'],
      Body<'PUT /settings/hold'>
    >({
      query: (data) => ({ url: url('/settings/hold'), method: 'PUT', data }),
      transformResponse: (answer: Answer<'PUT /settings/hold'>) => answer.data,
      invalidatesTags: ['MaintenanceSettings', 'MaintenanceHealth'],
    }),
    resumeMaintenance: builder.mutation<Answer<'DELETE /settings/hold'>['data'], void>({
      query: () => ({ url: url('/settings/hold'), method: 'DELETE' }),
      transformResponse: (answer: Answer<'DELETE /settings/hold'>) => answer.data,
      invalidatesTags: ['MaintenanceSettings', 'MaintenanceHealth', 'MaintenanceTask'],
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetHealthQuery,
  useGetTasksQuery,
  useGetTaskQuery,
  useCreateTaskMutation,
  useUpdateTaskMutation,
  useDeleteTaskMutation,
  useTaskActionMutation,
  useRunTaskMutation,
  useGetScriptsQuery,
  useLazyGetScriptsQuery,
  useGetScriptQuery,
  useLazyGetScriptQuery,
  useGetScriptContentTypesQuery,
  useValidateScriptMutation,
  useCreateScriptMutation,
  useUpdateScriptMutation,
  useDeleteScriptMutation,
  useTestRunScriptMutation,
  useGetScriptReviewQuery,
  useLazyGetScriptReviewQuery,
  useScriptActionMutation,
  useGetScriptVersionsQuery,
  useGetScriptVersionQuery,
  useLazyGetScriptVersionQuery,
  useRestoreScriptVersionMutation,
  useGetRunsQuery,
  useGetRunQuery,
  useLazyGetRunQuery,
  useCancelRunMutation,
  useGetSchedulePreviewQuery,
  useGetWebhookEventsQuery,
  useGetSiteWebhooksQuery,
  useCreateSiteWebhookMutation,
  useUpdateSiteWebhookMutation,
  useLazyGetExportQuery,
  usePreviewImportMutation,
  useApplyImportMutation,
  useGetMaintenanceSettingsQuery,
  useUpdateMaintenanceSettingsMutation,
  useCreateTokenMutation,
  useDeleteTokenMutation,
  usePauseMaintenanceMutation,
  useResumeMaintenanceMutation,
} = maintenanceApi;

export { maintenanceApi };
