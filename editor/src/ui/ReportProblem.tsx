/** Why a report has no figures: the API's message and its details. */
export function ReportProblem({ problem }: { problem: { title: string; details: string[] } | null }) {
  if (!problem) return null;
  return (
    <div className="report__problem" role="alert">
      <strong>{problem.title}</strong>
      {problem.details.map((d) => (
        <div key={d}>{d}</div>
      ))}
    </div>
  );
}
