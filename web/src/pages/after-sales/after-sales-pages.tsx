import { humanize } from '../../components/status-badge.tsx';
import { ListPage } from './list-page.tsx';

// The customer register. Personal data arrives already masked for roles without the matching
// personal-data permission (the API decides).

interface Customer {
  id: string;
  name: string;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  tier: string;
}

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
