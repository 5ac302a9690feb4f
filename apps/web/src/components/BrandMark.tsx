/** The product logo: a cloud with a check mark. Decorative; the product name is always shown as text. */
export function BrandMark({ size = 36 }: { size?: number }) {
  return (
    <svg className="brand-mark" aria-hidden="true" viewBox="0 0 32 32" width={size} height={size}>
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path d="M8 20.5a5 5 0 0 1 1.6-9.7A6.5 6.5 0 0 1 22 12a4.3 4.3 0 0 1 1.5 8.5z" fill="#fff" />
      <path
        d="M13 18l2.2 2.2L19.5 16"
        stroke="currentColor"
        strokeWidth="2"
        fill="none"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
