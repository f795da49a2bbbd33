/**
 * Managing policies in Chromium, as a credit manager would without the API: rename and describe
 * the sample policy, duplicate it, make the copy the default once published, archive the old
 * one (its versions kept, listed apart), and delete a policy that was never published. Each
 * refused action says why; the API confirms what the screen shows.
 */
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EditorServer } from '../../editor/testing/browser';
import {
  describeInBrowser,
  type EditorSession,
  openEditor,
  SCREENSHOTS,
  seriousAccessibilityProblems,
} from './support';

const poll = <T>(check: () => T | Promise<T>) => expect.poll(check, { timeout: 10_000, interval: 50 });

interface Summary {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  archived: boolean;
  activeVersion: number | null;
}

describeInBrowser('policy settings in Chromium', () => {
  let editor: EditorSession;
  let server: EditorServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    editor = await openEditor();
    ({ server, page, errors } = editor);
  }, 180_000);

  afterAll(() => editor?.close());

  const policies = async () =>
    ((await (await fetch(`${server.url}/v1/policies`)).json()) as { items: Summary[] }).items;
  const policy = async (id: string) => (await policies()).find((p) => p.id === id);
  const dialog = () => page.getByTestId('policy-settings');
  const open = async () => {
    await page.getByTestId('policy-settings-open').click();
    await dialog().waitFor();
  };
  const close = () => dialog().getByRole('button', { name: 'Close' }).click();

  it('renames and describes the open policy, keeping the canvas as it is', async () => {
    const nodesBefore = await page.locator('.react-flow__node').count();
    await open();
    await dialog().getByLabel('Name').fill('Standard B2B, 2027');
    await dialog().getByLabel('Description').fill('Every customer without a strategy of its own');
    await page.getByTestId('policy-settings-save').click();
    await poll(async () => (await policy('standard-b2b'))?.name).toBe('Standard B2B, 2027');
    expect((await policy('standard-b2b'))!.description).toBe('Every customer without a strategy of its own');
    await poll(() => page.getByTestId('policy-picker').locator('option:checked').textContent()).toContain(
      'Standard B2B, 2027',
    );
    expect(await page.locator('.react-flow__node').count()).toBe(nodesBefore);
    // The default cannot be archived, and a published policy cannot be deleted: the buttons say why.
    expect(await page.getByTestId('archive-policy').isDisabled()).toBe(true);
    expect(await page.getByTestId('delete-policy').isDisabled()).toBe(true);
    const reasons = await page.getByTestId('policy-settings-reasons').textContent();
    expect(reasons).toContain('The default policy cannot be archived');
    expect(reasons).toContain('archive it instead');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}policy-settings.png` });
    await close();
  });

  it('duplicates it into a new draft, opened at once, which becomes the default once published', async () => {
    await open();
    await page.getByTestId('duplicate-name').fill('Enterprise pilot');
    await page.getByTestId('duplicate-policy').click();
    await poll(async () => (await policy('enterprise-pilot'))?.activeVersion).toBeNull();
    await poll(() => page.getByTestId('policy-picker').inputValue()).toBe('enterprise-pilot');
    await open();
    // Not published yet: it cannot be the default, and it can be deleted.
    expect(await page.getByTestId('make-default').isDisabled()).toBe(true);
    expect(await page.getByTestId('policy-settings-reasons').textContent()).toContain('Publish a version first');
    await close();
    // A copy has the same content as the original's active version, so change it before publishing.
    const draft = (await (await fetch(`${server.url}/v1/policies/enterprise-pilot`)).json()) as {
      draft: { graph: { nodes: Array<{ kind: string; action?: { template: string } }>; edges: unknown[] } };
    };
    const first = draft.draft.graph.nodes.findIndex((n) => n.kind === 'action');
    const nodes = draft.draft.graph.nodes.map((n, i) =>
      i === first ? { ...n, action: { ...n.action!, template: `${n.action!.template}-pilot` } } : n,
    );
    const saved = await fetch(`${server.url}/v1/policies/enterprise-pilot/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ graph: { ...draft.draft.graph, nodes } }),
    });
    expect(saved.status).toBe(200);
    const published = await fetch(`${server.url}/v1/policies/enterprise-pilot/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'pilot' }),
    });
    expect(published.status, await published.text()).toBe(201);
    await page.reload();
    await page.waitForSelector('[data-testid="node-start"]');
    await poll(() => page.getByTestId('policy-picker').inputValue()).toBe('enterprise-pilot');
    await open();
    await page.getByTestId('make-default').click();
    await poll(async () => (await policy('enterprise-pilot'))?.isDefault).toBe(true);
    await close();
  });

  it('archives the old default, lists it apart with its versions kept, and brings it back', async () => {
    await page.getByTestId('policy-picker').selectOption('standard-b2b');
    await poll(() => page.getByTestId('policy-picker').inputValue()).toBe('standard-b2b');
    await open();
    await page.getByTestId('archive-policy').click();
    await poll(async () => (await policy('standard-b2b'))?.archived).toBe(true);
    await poll(() =>
      page.locator('[data-testid="policy-picker"] optgroup[label="Archived"] option').allTextContents(),
    ).toEqual([expect.stringContaining('Standard B2B, 2027')]);
    expect((await fetch(`${server.url}/v1/policies/standard-b2b/versions/1`)).status).toBe(200);
    expect(await page.getByTestId('archive-policy').textContent()).toBe('Bring back');
    expect(await page.getByTestId('make-default').isDisabled()).toBe(true);
    await page.getByTestId('archive-policy').click();
    await poll(async () => (await policy('standard-b2b'))?.archived).toBe(false);
    await close();
  });

  it('deletes a policy that was never published, and opens the default instead', async () => {
    await page.getByTestId('new-policy').click();
    await page.getByTestId('new-policy-dialog').getByLabel('Name').fill('Scratch');
    await page.getByTestId('new-policy-dialog').getByRole('button', { name: 'Create' }).click();
    await poll(() => page.getByTestId('policy-picker').inputValue()).toBe('scratch');
    await open();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('delete-policy').click();
    await poll(async () => (await policy('scratch')) === undefined).toBe(true);
    await poll(() => page.getByTestId('policy-picker').inputValue()).toBe('enterprise-pilot');
    expect(errors).toEqual([]);
  });
});
