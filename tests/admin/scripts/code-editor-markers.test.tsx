/**
 * CodeEditor: markers set from outside (a test run's runtime error, a save refused on the body)
 * and the editor's own lint passes share the gutter; a lint pass must not wipe the former.
 */
import { forEachDiagnostic, type Diagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { DesignSystemProvider } from '@strapi/design-system';
import { act, render, screen, waitFor } from '@testing-library/react';
import { CodeEditor } from '../../../admin/src/components/scripts/CodeEditor';
import type { TextDiagnostic } from '../../../admin/src/editor/diagnostics';

const BODY = "console.log('a');\nthrow new Error('b');";
const RUNTIME: TextDiagnostic = { from: 18, to: 23, severity: 'warning', message: 'Error: b' };

const deferred = <T,>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
};

const editor = (
  diagnostics: TextDiagnostic[] | null,
  lint: () => Promise<TextDiagnostic[]>,
  value = BODY
) => (
  <DesignSystemProvider locale="en">
    <CodeEditor value={value} lint={lint} diagnostics={diagnostics} />
  </DesignSystemProvider>
);

const shownDiagnostics = () => {
  const view = EditorView.findFromDOM(screen.getByTestId('code-editor'));
  const found: Diagnostic[] = [];
  if (view) forEachDiagnostic(view.state, (diagnostic) => found.push(diagnostic));
  return found.map(({ from, to, severity, message }) => ({ from, to, severity, message }));
};

// jsdom lays nothing out, and its Range has no rectangles for CodeMirror to measure markers with.
beforeAll(() => {
  const none = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  const empty = () => ({ x: 0, y: 0, width: 0, height: 0, top: 0, right: 0, bottom: 0, left: 0 });
  Range.prototype.getClientRects = none;
  Range.prototype.getBoundingClientRect = () => ({ ...empty(), toJSON: empty });
});

describe('CodeEditor markers', () => {
  test('Given a lint pass under way, When a marker is set from outside and the pass then ends, Then the marker stays', async () => {
    const pass = deferred<TextDiagnostic[]>();
    const lint = jest.fn(() => pass.promise);
    const { rerender } = render(editor(null, lint));
    await waitFor(() => expect(lint).toHaveBeenCalled(), { timeout: 2000 });

    rerender(editor([RUNTIME], lint));
    await act(async () => pass.resolve([]));

    expect(shownDiagnostics()).toEqual([RUNTIME]);
  });

  test('Given an outside marker, When the text changes, Then the next lint pass drops it', async () => {
    const lint = jest.fn(async (_text: string) => [] as TextDiagnostic[]);
    const markers = [RUNTIME];
    const { rerender } = render(editor(markers, lint));
    expect(shownDiagnostics()).toEqual([RUNTIME]);

    const edited = `${BODY}\n// edited`;
    rerender(editor(markers, lint, edited));
    await waitFor(() => expect(lint).toHaveBeenLastCalledWith(edited), { timeout: 2000 });
    await act(async () => undefined);

    expect(shownDiagnostics()).toEqual([]);
  });
});
