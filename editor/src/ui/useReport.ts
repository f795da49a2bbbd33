/**
 * A report read for the query on screen: asked again whenever the query changes, an answer to an
 * older query ignored; a failure leaves no figures and says why.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../api';

export function useReport<Q, T>(
  query: Q,
  load: (query: Q) => Promise<T>,
): { report: T | null; problem: { title: string; details: string[] } | null } {
  const [report, setReport] = useState<T | null>(null);
  const [problem, setProblem] = useState<{ title: string; details: string[] } | null>(null);
  useEffect(() => {
    let current = true;
    setProblem(null);
    load(query).then(
      (r) => current && setReport(r),
      (error) => current && (setReport(null), setProblem(errorText(error))),
    );
    return () => {
      current = false;
    };
    // The query is the report's only input; `load` is a module-level API call.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);
  return { report, problem };
}
