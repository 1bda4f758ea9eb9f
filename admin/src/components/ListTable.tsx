import { Box } from '@strapi/design-system';
import type { ReactNode } from 'react';
import { styled } from 'styled-components';

/*
 * The plugin's lists (tasks, scripts, runs) as a plain table, looking like the design system's Table
 * but without its grid behaviour: that grid gives the whole table one Tab stop and, on Enter in a
 * cell of several controls, focuses and presses the first one (issue 19: Enter on the Actions cell
 * ran the task). Here every control is a Tab stop of its own and Enter or Space presses only the
 * focused one, as everywhere else on the page.
 *
 * Narrow screens: the table scrolls sideways inside its frame, the actions column stays pinned to
 * the right edge, and cells marked `data-optional` give up their column in a frame under 880px
 * (the frame at 1024 px of window, beside Strapi's menus, is about 740px wide).
 */

/** Width of the frame below which the optional columns are left out (px: Strapi's rem is 10px). */
const NARROW = '880px';

const Frame = styled(Box)`
  container-type: inline-size;
  overflow: hidden;
  border: 1px solid ${({ theme }) => theme.colors.neutral150};
`;

const Scroller = styled.div`
  overflow-x: auto;
`;

const Table = styled.table`
  width: 100%;
  border-collapse: collapse;

  & tr {
    border-bottom: 1px solid ${({ theme }) => theme.colors.neutral150};
  }
  & tbody tr:last-of-type {
    border-bottom: none;
  }
  & th,
  & td {
    padding: ${({ theme }) => theme.spaces[4]};
    text-align: left;
    vertical-align: middle;
    color: ${({ theme }) => theme.colors.neutral800};
  }
  & th {
    height: 5.6rem;
    padding-top: 0;
    padding-bottom: 0;
    color: ${({ theme }) => theme.colors.neutral600};
    white-space: nowrap;
  }
  & th:first-child,
  & td:first-child {
    padding-left: ${({ theme }) => theme.spaces[6]};
  }
  /* The actions: pinned to the frame's right edge when the rest scrolls under them. */
  & [data-actions] {
    position: sticky;
    right: 0;
    /* Above what scrolls under it (switches and badges make their own layers). */
    z-index: 1;
    width: 1%;
    white-space: nowrap;
    padding-right: ${({ theme }) => theme.spaces[6]};
    background: ${({ theme }) => theme.colors.neutral0};
    box-shadow: -8px 0 8px -8px ${({ theme }) => theme.colors.neutral200};
  }
  @container (max-width: ${NARROW}) {
    & [data-optional] {
      display: none;
    }
  }
`;

export const ListTable = ({
  children,
  ...rest
}: {
  children: ReactNode;
  'aria-label'?: string;
}) => (
  <Frame shadow="tableShadow" hasRadius background="neutral0">
    <Scroller>
      <Table {...rest}>{children}</Table>
    </Scroller>
  </Frame>
);
