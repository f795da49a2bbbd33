/** The editor's layout: top bar, palette, canvas with its problems, and the inspector, simulator and versions. */
import { useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { api, errorText } from './api';
import { Canvas } from './canvas/Canvas';
import { Palette } from './canvas/Palette';
import { StepSearch } from './canvas/StepSearch';
import { PanelToggle } from './ui/PanelToggle';
import { useShortcuts } from './canvas/useShortcuts';
import { Inspector } from './inspector/Inspector';
import { ProblemsPanel } from './problems/ProblemsPanel';
import { SimulatorPanel } from './simulator/SimulatorPanel';
import { useEditor } from './store';
import { TopBar } from './TopBar';
import { Notices } from './ui/Notices';
import { Tabs } from './ui/Tabs';
import { OverlayBanner } from './versions/OverlayBanner';
import { openPolicy, saveDraft } from './versions/policy-actions';
import { VersionsPanel } from './versions/VersionsPanel';
import { Route, Switch } from 'wouter';
import { WorklistPage } from './worklist/WorklistPage';
import { DashboardPage } from './dashboard/DashboardPage';
import { AgingPage } from './reports/AgingPage';
import { ForecastPage } from './reports/ForecastPage';
import { BacktestPanel } from './backtest/BacktestPanel';
import { DecisionLogPage } from './decisions/DecisionLogPage';
import { KpiPage } from './reports/KpiPage';
import { Screen } from './ui/Screen';
import { SignIn } from './session/SignIn';
import { useSession } from './session/session';

type Startup = { state: 'loading' } | { state: 'ready' } | { state: 'empty' } | { state: 'failed'; message: string };

/** Opens the policy named in the URL, else the default one, else the first. */
async function openInitialPolicy(): Promise<Startup> {
  try {
    const wanted = new URL(window.location.href).searchParams.get('policy');
    const policies = await api.listPolicies();
    const id =
      (wanted && policies.some((p) => p.id === wanted) ? wanted : undefined) ??
      policies.find((p) => p.isDefault)?.id ??
      policies[0]?.id;
    if (!id) return { state: 'empty' };
    return (await openPolicy(id))
      ? { state: 'ready' }
      : { state: 'failed', message: `Policy ${id} could not be opened` };
  } catch (error) {
    return { state: 'failed', message: errorText(error).title };
  }
}

function Workspace() {
  const [tab, setTab] = useState('inspect');
  const [stepsOpen, setStepsOpen] = useState(true);
  const [panelsOpen, setPanelsOpen] = useState(true);
  const [startup, setStartup] = useState<Startup>({ state: 'loading' });
  const policy = useEditor((s) => s.policy);
  const { getViewport } = useReactFlow();
  const save = useCallback(() => void saveDraft(getViewport()), [getViewport]);
  useShortcuts(save);

  const start = useCallback(() => {
    setStartup({ state: 'loading' });
    void openInitialPolicy().then(setStartup);
  }, []);
  useEffect(start, [start]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (useEditor.getState().dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  return (
    <div className="app" data-ready={policy ? 'true' : 'false'}>
      <TopBar />
      <div
        className={`workspace ${stepsOpen ? '' : 'workspace--no-steps'} ${panelsOpen ? '' : 'workspace--no-panels'}`}
      >
        <aside className="sidebar sidebar--left" aria-label="Steps">
          <PanelToggle open={stepsOpen} side="left" name="the steps panel" onToggle={() => setStepsOpen(!stepsOpen)} />
          {stepsOpen && (
            <>
              <StepSearch />
              <Palette />
            </>
          )}
        </aside>
        <main className="stage">
          <OverlayBanner />
          {startup.state === 'failed' && !policy && (
            <div className="empty-state" role="alert">
              <h2>The editor could not load its policies</h2>
              <p>{startup.message}</p>
              <button type="button" className="button button--primary" onClick={start}>
                Try again
              </button>
            </div>
          )}
          {startup.state === 'empty' && !policy && (
            <div className="empty-state">
              <h2>No policies yet</h2>
              <p>
                Create one with <strong>+ New</strong> in the top bar.
              </p>
            </div>
          )}
          {startup.state === 'loading' && !policy && (
            <div className="empty-state" aria-busy="true">
              Loading policies…
            </div>
          )}
          {policy && <Canvas />}
          {policy && <ProblemsPanel />}
        </main>
        <aside className="sidebar sidebar--right" aria-label="Inspector, simulator and versions">
          <PanelToggle
            open={panelsOpen}
            side="right"
            name="the side panel"
            onToggle={() => setPanelsOpen(!panelsOpen)}
          />
          {/* Hidden, not unmounted: a simulation or a comparison survives folding the panel. */}
          <div className="sidebar__body" hidden={!panelsOpen}>
            <Tabs
              label="Panels"
              active={tab}
              onChange={setTab}
              tabs={[
                { id: 'inspect', label: 'Inspect', panel: <Inspector /> },
                { id: 'simulate', label: 'Simulate', panel: <SimulatorPanel key={policy?.id} /> },
                { id: 'versions', label: 'Versions', panel: <VersionsPanel /> },
                { id: 'backtest', label: 'Backtest', panel: <BacktestPanel key={policy?.id} /> },
              ]}
            />
          </div>
        </aside>
      </div>
      <Notices />
    </div>
  );
}

/** Signed in (or keys off) first: the editor asks the engine who it is calling as. */
export function App() {
  const who = useSession((s) => s.who);
  const needsKey = useSession((s) => s.needsKey);
  const [unreachable, setUnreachable] = useState<string | null>(null);
  useEffect(() => {
    if (who || needsKey) return;
    api
      .whoAmI()
      .then((me) => useSession.getState().checked(me))
      .catch((error: unknown) => {
        // A 401 has already sent the editor to its sign-in screen.
        if (!useSession.getState().needsKey) setUnreachable(errorText(error).title);
      });
  }, [who, needsKey]);
  if (needsKey) return <SignIn />;
  if (!who)
    return (
      <div className="empty-state" aria-busy={!unreachable} role={unreachable ? 'alert' : undefined}>
        {unreachable ?? 'Connecting to the engine…'}
      </div>
    );
  return (
    <Switch>
      <Route path="/reports">
        <Screen>
          <KpiPage />
        </Screen>
      </Route>
      <Route path="/dashboard">
        <Screen>
          <DashboardPage />
        </Screen>
      </Route>
      <Route path="/forecast">
        <Screen>
          <ForecastPage />
        </Screen>
      </Route>
      <Route path="/aging">
        <Screen>
          <AgingPage />
        </Screen>
      </Route>
      <Route path="/worklist">
        <Screen>
          <WorklistPage />
        </Screen>
      </Route>
      <Route path="/decisions">
        <Screen>
          <DecisionLogPage />
        </Screen>
      </Route>
      <Route>
        <ReactFlowProvider>
          <Workspace />
        </ReactFlowProvider>
      </Route>
    </Switch>
  );
}
