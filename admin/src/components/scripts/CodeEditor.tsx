import { ifNotIn } from '@codemirror/autocomplete';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { type Diagnostic, linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import { Annotation, Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import * as React from 'react';
import { useTheme } from 'styled-components';

import type { ReachableContentType } from '../../../../server/src/contracts';
import { ctxCompletionSource } from '../../editor/ctxCompletion';
import type { TextDiagnostic } from '../../editor/diagnostics';
import { uidCompletionSource } from '../../editor/uidCompletion';

/** Marks changes that come from the `value` prop, so they are not reported back as edits. */
const External = Annotation.define<boolean>();

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  /** Checks the text as it is typed (debounced); its diagnostics are marked on their lines. */
  lint?: (text: string) => Promise<TextDiagnostic[]>;
  /** Diagnostics pushed from outside (a refused save); replaced by the next lint. */
  diagnostics?: TextDiagnostic[] | null;
  minHeight?: string;
  ariaLabel?: string;
  id?: string;
  /** Offered as the uid of `ctx.entries.*` calls; may arrive after the editor is made. */
  contentTypes?: readonly ReachableContentType[];
}

const clampDiagnostics = (list: TextDiagnostic[], length: number): Diagnostic[] =>
  list.map((diagnostic) => ({
    ...diagnostic,
    from: Math.min(diagnostic.from, length),
    to: Math.min(Math.max(diagnostic.to, diagnostic.from), length),
  }));

type ThemeColors = Record<string, string>;

const editorTheme = (colors: ThemeColors, minHeight: string, dark: boolean) =>
  EditorView.theme(
    {
      '&': {
        backgroundColor: colors.neutral0,
        color: colors.neutral800,
        border: `1px solid ${colors.neutral200}`,
        borderRadius: '4px',
        fontSize: '1.3rem',
      },
      '&.cm-focused': {
        outline: 'none',
        borderColor: colors.primary600,
        boxShadow: `${colors.primary600} 0px 0px 0px 2px`,
      },
      '.cm-scroller': {
        fontFamily:
          "ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace",
        lineHeight: '1.6',
        minHeight,
        maxHeight: '70vh',
        borderRadius: '4px',
      },
      '.cm-content': { caretColor: colors.neutral800, paddingBlock: '8px' },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: colors.neutral800 },
      '.cm-gutters': {
        backgroundColor: colors.neutral100,
        color: colors.neutral500,
        borderRight: `1px solid ${colors.neutral150}`,
        borderTopLeftRadius: '4px',
        borderBottomLeftRadius: '4px',
      },
      '.cm-activeLine': { backgroundColor: dark ? '#ffffff0a' : '#0000000a' },
      '.cm-activeLineGutter': { backgroundColor: colors.neutral150 },
      '&.cm-editor[aria-readonly=true] .cm-activeLine, &.cm-editor.cm-readonly .cm-activeLine': {
        backgroundColor: 'transparent',
      },
      '.cm-tooltip': {
        backgroundColor: colors.neutral0,
        color: colors.neutral800,
        border: `1px solid ${colors.neutral200}`,
        borderRadius: '4px',
      },
      '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
        backgroundColor: colors.primary100,
        color: colors.primary700,
      },
      '.cm-completionDetail': { color: colors.neutral600, fontStyle: 'normal', marginLeft: '1em' },
      '.cm-diagnostic-error': { borderLeftColor: colors.danger600 },
      '.cm-lintRange-error': { backgroundColor: dark ? '#ff00001f' : '#ff000014' },
    },
    { dark }
  );

const completion = javascriptLanguage.data.of({
  autocomplete: ifNotIn(
    ['String', 'TemplateString', 'LineComment', 'BlockComment'],
    ctxCompletionSource
  ),
});

/**
 * CodeMirror 6 in React: the EditorView lives in a ref and is created once; `value` replaces the
 * document only when it differs from what the editor holds (an outside change: a load, a
 * restore), and readOnly and the theme are swapped through compartments.
 */
export const CodeEditor = ({
  value,
  onChange,
  readOnly = false,
  lint,
  diagnostics,
  minHeight = '400px',
  ariaLabel,
  id,
  contentTypes,
}: CodeEditorProps) => {
  const host = React.useRef<HTMLDivElement>(null);
  const view = React.useRef<EditorView | null>(null);
  const onChangeRef = React.useRef(onChange);
  const lintRef = React.useRef(lint);
  // Markers from outside (a test run's error, a save refused on the body) and the text they
  // were set on: a lint pass that ends later adds them back rather than wiping them.
  const outsideRef = React.useRef<{ text: string; diagnostics: TextDiagnostic[] } | null>(null);
  const compartments = React.useMemo(
    () => ({ readOnly: new Compartment(), theme: new Compartment(), label: new Compartment() }),
    []
  );
  const theme = useTheme() as unknown as { colors?: ThemeColors } | undefined;
  const colors = React.useMemo(() => theme?.colors ?? {}, [theme]);
  const dark = isDark(colors.neutral0);

  const contentTypesRef = React.useRef(contentTypes);
  onChangeRef.current = onChange;
  lintRef.current = lint;
  contentTypesRef.current = contentTypes;

  React.useEffect(() => {
    if (!host.current) return undefined;
    const state = EditorState.create({
      doc: value,
      extensions: [
        basicSetup,
        javascript(),
        completion,
        javascriptLanguage.data.of({
          autocomplete: uidCompletionSource(() => contentTypesRef.current ?? []),
        }),
        lintGutter(),
        linter(
          async (current) => {
            const check = lintRef.current;
            const text = current.state.doc.toString();
            const found = check ? await check(text) : [];
            const outside = outsideRef.current?.text === text ? outsideRef.current.diagnostics : [];
            return clampDiagnostics([...found, ...outside], text.length);
          },
          { delay: 500 }
        ),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          if (update.transactions.some((tr) => tr.annotation(External))) return;
          onChangeRef.current?.(update.state.doc.toString());
        }),
        compartments.readOnly.of(readOnlyExtension(readOnly)),
        compartments.theme.of(editorTheme(colors, minHeight, dark)),
        compartments.label.of(labelExtension(ariaLabel, id)),
      ],
    });
    const created = new EditorView({ state, parent: host.current });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // Created once; the effects below keep it in step with the props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  React.useEffect(() => {
    const current = view.current;
    if (!current) return;
    const text = current.state.doc.toString();
    if (text === value) return;
    current.dispatch({
      changes: { from: 0, to: text.length, insert: value },
      annotations: External.of(true),
    });
  }, [value]);

  React.useEffect(() => {
    view.current?.dispatch({
      effects: compartments.readOnly.reconfigure(readOnlyExtension(readOnly)),
    });
  }, [readOnly, compartments]);

  React.useEffect(() => {
    view.current?.dispatch({
      effects: compartments.theme.reconfigure(editorTheme(colors, minHeight, dark)),
    });
  }, [colors, minHeight, dark, compartments]);

  React.useEffect(() => {
    view.current?.dispatch({
      effects: compartments.label.reconfigure(labelExtension(ariaLabel, id)),
    });
  }, [ariaLabel, id, compartments]);

  React.useEffect(() => {
    const current = view.current;
    if (!current) return;
    const text = current.state.doc.toString();
    outsideRef.current = diagnostics ? { text, diagnostics } : null;
    if (!diagnostics) return;
    current.dispatch(setDiagnostics(current.state, clampDiagnostics(diagnostics, text.length)));
  }, [diagnostics]);

  return <div ref={host} data-testid="code-editor" />;
};

const readOnlyExtension = (readOnly: boolean) => [
  EditorState.readOnly.of(readOnly),
  EditorView.editable.of(!readOnly),
  EditorView.editorAttributes.of({ class: readOnly ? 'cm-readonly' : '' }),
];

const labelExtension = (ariaLabel?: string, id?: string) =>
  EditorView.contentAttributes.of({
    ...(ariaLabel ? { 'aria-label': ariaLabel } : {}),
    ...(id ? { id } : {}),
  });

/** Whether a theme's base colour is dark (Strapi's dark theme), from its hex value. */
const isDark = (color?: string) => {
  const hex = /^#([0-9a-f]{6})/i.exec(color ?? '');
  if (!hex) return false;
  const n = parseInt(hex[1], 16);
  const luminance = 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return luminance < 128;
};
