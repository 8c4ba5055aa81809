import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="page">
      <div className="empty">
        <h2>Page not found</h2>
        <p>
          There is nothing at this address. <Link to="/inbox">Go to the inbox</Link>.
        </p>
      </div>
    </section>
  );
}
