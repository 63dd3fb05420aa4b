import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { TimeAgo } from '../../components/time-ago.tsx';
import { Link } from '../../router.tsx';
import { ListPage } from './list-page.tsx';

// The after-sales registers as lists. Personal data arrives already masked for roles without the
// matching personal-data permission (the API decides).

interface Customer {
  id: string;
  name: string;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  tier: string;
}

interface Part {
  id: string;
  sku: string;
  name: string;
  location: string | null;
  quantity: number;
  reorderPoint: number;
  approved: boolean;
}

interface Contact {
  name: string;
  phone: string | null;
  email: string | null;
}

interface Consultation {
  id: string;
  reference: string;
  status: string;
  channel: string;
  contact: Contact;
  content: string;
  chargerId: string | null;
  createdAt?: string;
}

interface Complaint {
  id: string;
  reference: string;
  status: string;
  priority: string;
  contact: Contact;
  content: string;
  createdAt?: string;
}

const contactCell = (c: Contact) => [c.name, c.phone, c.email].filter(Boolean).join(' · ');
const short = (s: string) => (s.length > 90 ? `${s.slice(0, 90)}…` : s);

export function CustomersPage() {
  return (
    <ListPage<Customer>
      title="Customers"
      endpoint="/api/customers"
      searchable
      rowKey={(c) => c.id}
      columns={[
        { title: 'Customer', cell: (c) => c.name },
        { title: 'Tier', cell: (c) => humanize(c.tier) },
        { title: 'Contact', cell: (c) => [c.contactName, c.phone, c.email].filter(Boolean).join(' · ') || '—' },
      ]}
    />
  );
}

export function PartsPage() {
  return (
    <ListPage<Part>
      title="Parts inventory"
      endpoint="/api/parts"
      searchable
      rowKey={(p) => p.id}
      columns={[
        { title: 'SKU', cell: (p) => p.sku },
        { title: 'Part', cell: (p) => `${p.name}${p.approved ? '' : ' (not approved)'}` },
        { title: 'In stock', cell: (p) => (p.quantity <= p.reorderPoint ? <StatusBadge status="medium" label={`${p.quantity} — reorder`} /> : p.quantity) },
        { title: 'Location', cell: (p) => p.location ?? '—' },
      ]}
    />
  );
}

export function ConsultationsPage() {
  return (
    <ListPage<Consultation>
      title="Consultations"
      endpoint="/api/consultations"
      followsTickets
      rowKey={(c) => c.id}
      columns={[
        { title: 'Ref', cell: (c) => <Link href={`/tickets/${c.id}`}>{c.reference}</Link> },
        { title: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
        { title: 'Channel', cell: (c) => c.channel },
        { title: 'Contact', cell: (c) => contactCell(c.contact) },
        { title: 'Request', cell: (c) => short(c.content) },
        { title: 'Opened', cell: (c) => <TimeAgo iso={c.createdAt} /> },
      ]}
    />
  );
}

export function ComplaintsPage() {
  return (
    <ListPage<Complaint>
      title="Complaints"
      endpoint="/api/complaints"
      followsTickets
      rowKey={(c) => c.id}
      columns={[
        { title: 'Ref', cell: (c) => <Link href={`/tickets/${c.id}`}>{c.reference}</Link> },
        { title: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
        { title: 'Priority', cell: (c) => c.priority },
        { title: 'Contact', cell: (c) => contactCell(c.contact) },
        { title: 'Complaint', cell: (c) => short(c.content) },
        { title: 'Opened', cell: (c) => <TimeAgo iso={c.createdAt} /> },
      ]}
    />
  );
}
