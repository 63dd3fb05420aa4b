import type { ReactNode } from 'react';
import { matchPath } from '../router.tsx';
import { CustomersPage } from './after-sales/after-sales-pages.tsx';
import { ArchivePage } from './archive/archive-page.tsx';
import { AuditPage } from './audit/audit-page.tsx';
import { ComplaintPage } from './complaints/complaint-page.tsx';
import { ComplaintsPage } from './complaints/complaints-page.tsx';
import { ConsultationPage } from './consultations/consultation-page.tsx';
import { ConsultationsPage } from './consultations/consultations-page.tsx';
import { ChargerPage } from './charger/charger-page.tsx';
import { DocumentsPage } from './documents/documents-page.tsx';
import { CampaignPage } from './firmware/campaign-page.tsx';
import { FirmwarePage } from './firmware/firmware-page.tsx';
import { FleetPage } from './fleet/fleet-page.tsx';
import { InstallationPage } from './installations/installation-page.tsx';
import { InstallationsPage } from './installations/installations-page.tsx';
import { KpisPage } from './kpis/kpis-page.tsx';
import { MaintenancePage } from './maintenance/maintenance-page.tsx';
import { VisitPage } from './maintenance/visit-page.tsx';
import { PartPage } from './parts/part-page.tsx';
import { PartsPage } from './parts/parts-page.tsx';
import { SuppliersPage } from './parts/suppliers-page.tsx';
import { StaffMemberPage } from './staff/staff-member-page.tsx';
import { StaffPage } from './staff/staff-page.tsx';
import { TicketBoardPage } from './tickets/ticket-board-page.tsx';
import { TicketPage } from './tickets/ticket-page.tsx';
import { FaultTrendsPage } from './trends/fault-trends-page.tsx';

// Every page by its path; the first pattern that matches wins. Pages keyed by their id remount on a new id.

type Route = [pattern: string, render: (p: Record<string, string>) => ReactNode];

const ROUTES: Route[] = [
  ['/fleet', () => <FleetPage />],
  ['/', () => <FleetPage />],
  ['/login', () => <FleetPage />],
  ['/chargers/:id', (p) => <ChargerPage key={p.id} chargerId={p.id!} />],
  ['/tickets', () => <TicketBoardPage />],
  ['/tickets/:id', (p) => <TicketPage key={p.id} ticketId={p.id!} />],
  ['/firmware-updates', () => <FirmwarePage />],
  ['/firmware-updates/campaigns/:id', (p) => <CampaignPage key={p.id} id={p.id!} />],
  ['/trends', () => <FaultTrendsPage />],
  ['/kpis', () => <KpisPage />],
  ['/maintenance', () => <MaintenancePage />],
  ['/maintenance/visits/:id', (p) => <VisitPage key={p.id} visitId={p.id!} />],
  ['/consultations', () => <ConsultationsPage />],
  ['/consultations/:id', (p) => <ConsultationPage key={p.id} id={p.id!} />],
  ['/complaints', () => <ComplaintsPage />],
  ['/complaints/:id', (p) => <ComplaintPage key={p.id} id={p.id!} />],
  ['/installations', () => <InstallationsPage />],
  ['/installations/:id', (p) => <InstallationPage key={p.id} id={p.id!} />],
  ['/customers', () => <CustomersPage />],
  ['/parts', () => <PartsPage />],
  ['/parts/:id', (p) => <PartPage key={p.id} id={p.id!} />],
  ['/suppliers', () => <SuppliersPage />],
  ['/staff', () => <StaffPage />],
  ['/staff/:id', (p) => <StaffMemberPage key={p.id} id={p.id!} />],
  ['/documents', () => <DocumentsPage />],
  ['/archive', () => <ArchivePage />],
  ['/audit', () => <AuditPage />],
];

export function routeFor(path: string): ReactNode {
  for (const [pattern, render] of ROUTES) {
    const m = matchPath(pattern, path);
    if (m) return render(m);
  }
  return (
    <section>
      <h1>Not found</h1>
      <p>There is no page at {path}.</p>
    </section>
  );
}
