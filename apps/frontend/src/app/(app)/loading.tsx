import { Spinner } from '../../components/ui/spinner';

export default function Loading() {
  return (
    <div className="page-loading">
      <Spinner label="Loading" />
      <p aria-hidden="true">Loading…</p>
    </div>
  );
}
