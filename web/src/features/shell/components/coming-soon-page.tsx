/** A page whose feature a later piece of work builds; it says so plainly rather than pretending. */
export function ComingSoonPage({ title, description }: { title: string; description: string }) {
  return (
    <section className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="empty">
        <h2>Not built yet</h2>
        <p>{description}</p>
      </div>
    </section>
  );
}
