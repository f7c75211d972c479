import { sql, StandardSQL } from '@codemirror/lang-sql';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { QueryTable, SqlProblem } from '@internal/plugin-security-lake-common';
import { useTheme } from '@material-ui/core/styles';
import CodeMirror from '@uiw/react-codemirror';
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from 'react';
import { completionSchema, toDiagnostics } from './sqlProblems';

/**
 * Outside the component: @uiw/react-codemirror reconfigures the whole editor whenever `basicSetup` is a new
 * object, which an inline literal is on every keystroke.
 */
const BASIC_SETUP = { lineNumbers: true, foldGutter: false };

/** What the editor can be asked to do from outside. @internal */
export interface SqlCodeEditorHandle {
  /** Puts text where the cursor is (over the selection), and gives the editor the focus. */
  insert(text: string): void;
}

/** Props for {@link SqlCodeEditor}. @internal */
export interface SqlCodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The tables and columns autocompletion offers. */
  tables: QueryTable[];
  /** The problems of `sql`, shown in the text while it is still that text (and moved along with edits). */
  problems: { sql: string; items: SqlProblem[] };
  /** Ctrl+Enter (Cmd+Enter on a Mac). */
  onRun: () => void;
}

/**
 * CodeMirror for SQL, labelled "SQL": highlighting, completion of keywords, tables and columns, the
 * server's problems as lint marks, and Ctrl/Cmd+Enter to run.
 *
 * @internal
 */
export const SqlCodeEditor = forwardRef<
  SqlCodeEditorHandle,
  SqlCodeEditorProps
>(function SqlCodeEditorWithRef(props, ref) {
  const { value, onChange, tables, problems, onRun } = props;
  const theme = useTheme();
  const [view, setView] = useState<EditorView>();

  // the key binding is made once; it calls whatever `onRun` is now
  const onRunRef = useRef(onRun);
  useEffect(() => {
    onRunRef.current = onRun;
  }, [onRun]);

  const fixed = useMemo(
    () => [
      EditorView.contentAttributes.of({ 'aria-label': 'SQL' }),
      EditorView.lineWrapping,
      lintGutter(),
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              onRunRef.current();
              return true;
            },
          },
        ]),
      ),
    ],
    [],
  );
  const language = useMemo(() => {
    const schema = completionSchema(tables);
    return sql({
      dialect: StandardSQL,
      schema,
      // tables complete without their database, where there is one database
      ...(Object.keys(schema).length === 1
        ? { defaultSchema: Object.keys(schema)[0] }
        : {}),
      upperCaseKeywords: true,
    });
  }, [tables]);
  // CodeMirror's grey placeholder is 3.35:1 on the active line; this one passes WCAG AA (4.5:1) on both themes
  const dark = theme.palette.type === 'dark';
  const placeholder = useMemo(
    () =>
      EditorView.theme({
        '.cm-placeholder': { color: dark ? '#bdbdbd' : '#595959' },
      }),
    [dark],
  );
  const extensions = useMemo(
    () => [language, placeholder, ...fixed],
    [language, placeholder, fixed],
  );
  const style = useMemo(
    () => ({
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      overflow: 'hidden',
      fontSize: 14,
    }),
    [theme],
  );

  useImperativeHandle(
    ref,
    () => ({
      insert(text: string) {
        if (!view) return;
        view.dispatch(view.state.replaceSelection(text));
        view.focus();
      },
    }),
    [view],
  );

  // the problems are marked while the text is the one they were found in; after an edit the editor
  // moves the marks along with the text until the next check answers
  useEffect(() => {
    if (!view || view.state.doc.toString() !== problems.sql) return;
    view.dispatch(
      setDiagnostics(view.state, toDiagnostics(view.state.doc, problems.items)),
    );
  }, [view, problems]);

  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      extensions={extensions}
      theme={theme.palette.type === 'dark' ? 'dark' : 'light'}
      minHeight="220px"
      maxHeight="480px"
      placeholder="SELECT … FROM one of the tables listed"
      onCreateEditor={setView}
      basicSetup={BASIC_SETUP}
      style={style}
    />
  );
});
