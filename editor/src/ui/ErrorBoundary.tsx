/** The last line of defence: an unexpected error shows what happened and a way back, never a blank page. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('The editor failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" role="alert">
        <h1>Something went wrong in the editor</h1>
        <p>{this.state.error.message}</p>
        <p>Your last saved draft is safe on the server.</p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          Reload the editor
        </button>
      </div>
    );
  }
}
