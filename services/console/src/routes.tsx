/**
 * Every page of the console with its URL and who may open it. The navigation is built from this
 * table, so a page for residents, auditors or operators plugs in as one more entry with its roles.
 */
import type { ReactNode } from 'react';
import { AnnouncementsPage } from './pages/announcements';
import { AssistantPage } from './pages/assistant';
import { AuditPage } from './pages/audit';
import { CallbackPage } from './pages/callback';
import { ComparePage } from './pages/compare';
import { ConsentRequestsPage } from './pages/consent-requests';
import { HomePage } from './pages/home';
import { MyDataPage } from './pages/my-data';
import { OperationsPage } from './pages/operations';
import { PracticePage } from './pages/practice';
import { SearchPage } from './pages/search';
import { ServicePage } from './pages/service';
import { SharePage } from './pages/share';

export interface PageRoute {
  readonly path: string;
  readonly element: ReactNode;
  /** i18n key of its navigation link; pages without one are reached from other pages. */
  readonly nav?: string;
  /** Roles that may open it (any of them); absent: anyone, signed in or not. */
  readonly roles?: readonly string[];
}

const OFFICIAL = ['official'];
const RESIDENT = ['resident'];

export const ROUTES: readonly PageRoute[] = [
  { path: '/', element: <HomePage />, nav: 'nav.home' },
  { path: '/search', element: <SearchPage />, nav: 'nav.search' },
  { path: '/compare', element: <ComparePage />, nav: 'nav.compare' },
  { path: '/announcements', element: <AnnouncementsPage />, nav: 'nav.announcements' },
  { path: '/assistant', element: <AssistantPage />, nav: 'nav.assistant' },
  { path: '/practices/new', element: <SharePage />, nav: 'nav.share', roles: OFFICIAL },
  { path: '/practices/:id/edit', element: <SharePage />, roles: OFFICIAL },
  { path: '/consent-requests', element: <ConsentRequestsPage />, nav: 'nav.requests', roles: RESIDENT },
  { path: '/my-data', element: <MyDataPage />, nav: 'nav.myData', roles: RESIDENT },
  { path: '/audit', element: <AuditPage />, nav: 'nav.audit', roles: ['auditor'] },
  { path: '/operations', element: <OperationsPage />, nav: 'nav.operations', roles: ['admin'] },
  { path: '/practices/:id', element: <PracticePage /> },
  { path: '/services/:id', element: <ServicePage /> },
  { path: '/auth/callback', element: <CallbackPage /> },
];

export const allowed = (route: PageRoute, roles: readonly string[]): boolean =>
  !route.roles || route.roles.some((r) => roles.includes(r));
