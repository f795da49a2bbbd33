/**
 * Dry runs for the editor's simulator: decide one invoice with a policy's draft (or with a
 * graph sent by the editor, so unsaved edits can be tried), or decide it every day from its
 * issue date and feed each day's action back as dunning history. Nothing is logged.
 */
import { type PolicyGraph } from '../policy';
import { addDays, daysBetween } from '../features/days';
import { type Executor } from '../store';
import { type DecideRequestBody, type Decision } from './contract';
import { type DecisionService } from './pipeline';
import { loadDraft } from './policy-runtime';

export const DEFAULT_TIMELINE_DAYS = 60;
export const MAX_TIMELINE_DAYS = 366;

export type SimulationRequest = Omit<DecideRequestBody, 'policyId' | 'dryRun'>;

export interface TimelineDay {
  /** Days since the invoice's issue date. */
  day: number;
  date: string;
  decision: Decision;
}

export class Simulator {
  constructor(
    private readonly db: Executor,
    private readonly decisions: DecisionService,
  ) {}

  async decide(policyId: string, sent: SimulationRequest, graph?: PolicyGraph): Promise<Decision> {
    const loaded = await loadDraft(this.db, policyId, graph);
    const now = new Date();
    const request = await this.decisions.complete(sent, now);
    return (await this.decisions.evaluate({ ...request, dryRun: true }, loaded, now)).decision;
  }

  /**
   * One decision per day from the issue date (or from the last action already taken, when
   * that is later) to `days` days after issue. Each action taken joins the memory of steps for the
   * days after, as a run would record it; `asOf` of the request is ignored.
   */
  async timeline(
    policyId: string,
    sent: SimulationRequest,
    days = DEFAULT_TIMELINE_DAYS,
    graph?: PolicyGraph,
  ): Promise<TimelineDay[]> {
    const loaded = await loadDraft(this.db, policyId, graph);
    const now = new Date();
    const request = await this.decisions.complete(sent, now);
    const { issueDate } = request.invoice;
    const history = { ...request.history };
    const lastTaken = [history.lastActionDate, ...(history.actions ?? []).map((a) => a.date)]
      .filter((d): d is string => d !== undefined)
      .sort()
      .at(-1);
    const firstDay = lastTaken ? Math.max(0, daysBetween(issueDate, lastTaken)) : 0;
    const timeline: TimelineDay[] = [];
    for (let day = firstDay; day <= days; day++) {
      const date = addDays(issueDate, day);
      const { decision } = await this.decisions.evaluate(
        { ...request, history: { ...history }, asOf: date, dryRun: true },
        loaded,
        now,
      );
      timeline.push({ day, date, decision });
      // The step taken joins the memory; summary fields the caller sent move on with it.
      if (decision.outcome === 'action' && decision.action) {
        const { step, type } = decision.action;
        history.actions = [...(history.actions ?? []), { step, type, date }];
        if (history.stepsTaken !== undefined) history.stepsTaken += 1;
        if (history.lastActionType !== undefined) history.lastActionType = type;
        if (history.lastActionDate !== undefined) history.lastActionDate = date;
      }
    }
    return timeline;
  }
}
