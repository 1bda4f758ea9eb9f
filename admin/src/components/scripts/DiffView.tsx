import { javascript } from '@codemirror/lang-javascript';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import * as React from 'react';
import { useTheme } from 'styled-components';

interface DiffViewProps {
  /** The older text (left). */
  original: string;
  /** The newer text (right). */
  modified: string;
}

const readOnlySide = (doc: string) => ({
  doc,
  extensions: [
    lineNumbers(),
    javascript(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
  ],
});

/** A read-only side-by-side diff (@codemirror/merge), rebuilt when either text changes. */
export const DiffView = ({ original, modified }: DiffViewProps) => {
  const host = React.useRef<HTMLDivElement>(null);
  const theme = useTheme() as unknown as { colors?: Record<string, string> } | undefined;
  const colors = theme?.colors ?? {};

  React.useEffect(() => {
    if (!host.current) return undefined;
    const view = new MergeView({
      a: readOnlySide(original),
      b: readOnlySide(modified),
      parent: host.current,
      collapseUnchanged: { margin: 3, minSize: 6 },
      gutter: true,
    });
    return () => view.destroy();
  }, [original, modified]);

  return (
    <div
      ref={host}
      data-testid="script-diff"
      style={{
        border: `1px solid ${colors.neutral200 ?? '#dcdce4'}`,
        borderRadius: 4,
        overflow: 'auto',
        maxHeight: '60vh',
        fontSize: '1.3rem',
        backgroundColor: colors.neutral0,
        color: colors.neutral800,
      }}
    />
  );
};
