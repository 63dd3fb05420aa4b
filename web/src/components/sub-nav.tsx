import { Link } from '../router.tsx';

export interface SubNavItem {
  href: string;
  label: string;
  current: boolean;
}

/** Sections of one page as links (bookmarkable, each its own URL), the current one marked for screen readers. */
export function SubNav({ label, items }: { label: string; items: SubNavItem[] }) {
  return (
    <nav aria-label={label} className="subnav">
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <Link href={i.href} aria-current={i.current ? 'page' : undefined}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
