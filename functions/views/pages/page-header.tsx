import type { Child } from 'hono/jsx';

/** Title row of a page with its main actions on the right (wraps under the title on phones). */
export function PageHeader({ title, children, back }: { title: string; children?: Child; back?: { href: string; label: string } }) {
  return (
    <div class="page-header">
      {back && (
        <a href={back.href} class="back-link">
          ← {back.label}
        </a>
      )}
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}
