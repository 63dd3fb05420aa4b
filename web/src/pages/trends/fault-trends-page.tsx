export function FaultTrendsPage() {
  return (
    <section>
      <h1>Fault trends</h1>
    </section>
  );
}
