import {
  BaseErrorListener,
  CharStreams,
  CommonTokenStream,
  ParserRuleContext,
  RecognitionException,
  Recognizer,
  Token,
  ATNSimulator,
} from 'antlr4ng';
import path from 'node:path';
import type * as TrinoParserModule from 'dt-sql-parser/dist/lib/trino/TrinoSqlParser';
import type * as TrinoLexerModule from 'dt-sql-parser/dist/lib/trino/TrinoSqlLexer';
import {
  SqlFinding,
  SqlFunctionCall,
  SqlGrammar,
  SqlReading,
  SqlTableRead,
  unreadableSql,
} from '../SqlGrammar';

// dt-sql-parser's Trino lexer and parser, bundled for plain Node by scripts/bundle-trino-grammar.js into
// the package's generated/ folder, which it ships beside dist/ (found from the package root, so that the
// same path serves src/ in development and dist/ once packed)
const trino: typeof TrinoParserModule & typeof TrinoLexerModule =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(
    path.dirname(
      require.resolve('@internal/plugin-security-lake-node/package.json'),
    ),
    'generated',
    'TrinoSql.cjs',
  ));

const { TrinoSqlLexer: Lexer, TrinoSqlParser: Parser } = trino;

/**
 * A token of the text as Trino's lexer cuts it, with UTF-16 offsets of the text (`text.slice(from, to)`).
 *
 * @public
 */
export interface TrinoToken {
  type: number;
  text: string;
  from: number;
  to: number;
  /** Whitespace and comments: what the parser never sees. */
  hidden: boolean;
  comment: boolean;
}

/**
 * SQL rebuilt from Trino's tokens: the same tokens, comments dropped, so that whatever engine parses it
 * next cannot read a comment differently (DuckDB nests block comments; Trino ends one at the first `*\/`).
 *
 * @public
 */
export interface RebuiltSql {
  text: string;
  /** Characters and tokens Trino cannot read, at offsets of the original text. */
  problems: SqlFinding[];
  /** The offset in the original text of an offset in `text`. */
  originalOffset(offset: number): number;
}

/** Token types the parser never sees. */
const COMMENTS = new Set([Lexer.LINE_COMMENT, Lexer.BRACKETED_COMMENT]);

/** UTF-16 offsets of each code point of `text` (ANTLR counts code points), and one past the end. */
function codePointOffsets(text: string): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const ch of text) {
    offsets.push(at);
    at += ch.length;
  }
  offsets.push(at);
  return offsets;
}

class FirstError extends BaseErrorListener {
  error?: { message: string; token?: Token; charIndex?: number };

  override syntaxError<S extends Token, T extends ATNSimulator>(
    recognizer: Recognizer<T>,
    offendingSymbol: S | null,
    _line: number,
    _charPositionInLine: number,
    msg: string,
    _e: RecognitionException | null,
  ): void {
    if (this.error) return;
    const lexer = recognizer as unknown as { _tokenStartCharIndex?: number };
    this.error = {
      message: msg,
      token: offendingSymbol ?? undefined,
      charIndex: offendingSymbol ? undefined : lexer._tokenStartCharIndex,
    };
  }
}

function unquote(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text;
}

/**
 * Trino's grammar (the one Athena engine version 3 parses with), from dt-sql-parser's ANTLR build of
 * Trino's `SqlBase.g4`. Pure JavaScript: the backend reads SQL as Athena will without any native code.
 *
 * @public
 */
export class TrinoSqlGrammar implements SqlGrammar {
  readonly dialect = 'trino';
  readonly engineName = 'Athena';

  /** Every token of the text, hidden ones included. */
  tokens(sql: string): TrinoToken[] {
    const offsets = codePointOffsets(sql);
    const lexer = new Lexer(CharStreams.fromString(sql));
    lexer.removeErrorListeners();
    return lexer.getAllTokens().map(token => ({
      type: token.type,
      text: token.text ?? '',
      from: offsets[token.start],
      to: offsets[token.stop + 1],
      hidden: token.channel !== Token.DEFAULT_CHANNEL,
      comment: COMMENTS.has(token.type),
    }));
  }

  /**
   * The statement as Trino's tokens: comments become white space, a final `;` goes. Tokens that Trino
   * does not accept (an unknown character; back-quoted or digit-first identifiers, which Trino refuses
   * when it builds the statement) are problems.
   */
  rebuild(sql: string): RebuiltSql {
    const problems: SqlFinding[] = [];
    const segments: { at: number; original: number }[] = [];
    const tokens = this.tokens(sql);
    const lastVisible = tokens.map(t => !t.hidden).lastIndexOf(true);
    let text = '';
    for (const [index, token] of tokens.entries()) {
      if (token.type === Lexer.UNRECOGNIZED) {
        problems.push({
          message: `Athena cannot read the character ${JSON.stringify(
            token.text,
          )} (U+${token.text
            .codePointAt(0)!
            .toString(16)
            .toUpperCase()
            .padStart(4, '0')}) outside a string`,
          offset: token.from,
        });
      } else if (token.type === Lexer.BACKQUOTED_IDENTIFIER) {
        problems.push({
          message:
            'Athena does not accept `back-quoted` names; quote names with "double quotes"',
          offset: token.from,
        });
      } else if (token.type === Lexer.DIGIT_IDENTIFIER) {
        problems.push({
          message: `Athena does not accept names that start with a digit (${token.text}); quote them with "double quotes"`,
          offset: token.from,
        });
      }
      if (index === lastVisible && token.type === Lexer.SEMICOLON) {
        continue;
      }
      let piece = token.text;
      if (token.comment) {
        piece = token.type === Lexer.LINE_COMMENT ? '\n' : ' ';
      } else if (!token.hidden) {
        // two tokens that touch must not make a comment marker the next engine would read as one
        const before = text[text.length - 1];
        if (
          (before === '-' && piece.startsWith('-')) ||
          (before === '/' && piece.startsWith('*')) ||
          (before === '*' && piece.startsWith('/'))
        ) {
          text += ' ';
        }
      }
      segments.push({ at: text.length, original: token.from });
      text += piece;
    }
    return {
      text,
      problems,
      originalOffset(offset: number) {
        let low = 0;
        let high = segments.length - 1;
        while (low < high) {
          const mid = (low + high + 1) >> 1;
          if (segments[mid].at <= offset) low = mid;
          else high = mid - 1;
        }
        const segment = segments[low];
        return segment ? segment.original + (offset - segment.at) : offset;
      },
    };
  }

  async read(
    sql: string,
    options?: { bounds?: string[] },
  ): Promise<SqlReading> {
    return this.readSync(sql, options);
  }

  readSync(sql: string, options?: { bounds?: string[] }): SqlReading {
    const offsets = codePointOffsets(sql);
    const lexer = new Lexer(CharStreams.fromString(sql));
    const lexerErrors = new FirstError();
    lexer.removeErrorListeners();
    lexer.addErrorListener(lexerErrors);
    const stream = new CommonTokenStream(lexer);
    const parser = new Parser(stream);
    const errors = new FirstError();
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    const program = parser.program();
    const error = lexerErrors.error ?? errors.error;
    if (error) {
      let at: number | undefined;
      if (error.token) {
        at =
          error.token.type === Token.EOF
            ? sql.length
            : offsets[error.token.start];
      } else if (error.charIndex !== undefined) {
        at = offsets[error.charIndex];
      }
      const near = error.token?.text;
      const message =
        !error.token || error.token.type === Token.EOF
          ? 'syntax error at end of input'
          : `syntax error at or near ${JSON.stringify(near)}`;
      return unreadableSql({ message, offset: at });
    }

    const tokenTexts = (ctx: ParserRuleContext): string[] => {
      const texts: string[] = [];
      for (let i = ctx.start!.tokenIndex; i <= ctx.stop!.tokenIndex; i++) {
        const token = stream.get(i);
        if (token.channel === Token.DEFAULT_CHANNEL) {
          texts.push((token.text ?? '').toLowerCase());
        }
      }
      return texts;
    };
    const boundTokens = (options?.bounds ?? []).map(bound =>
      this.tokens(bound)
        .filter(t => !t.hidden)
        .map(t => t.text.toLowerCase()),
    );

    const refused: SqlFinding[] = [];
    const tables: SqlTableRead[] = [];
    const functions: SqlFunctionCall[] = [];
    const at = (ctx: ParserRuleContext) => offsets[ctx.start!.start];
    const refuse = (message: string, ctx: ParserRuleContext) =>
      refused.push({ message, offset: at(ctx) });

    const tableRead = (
      ctx: TrinoParserModule.TableNameContext,
      scope: Set<string>,
    ) => {
      if (ctx.queryPeriod()) {
        refuse(
          'FOR TIMESTAMP / FOR VERSION AS OF (time travel) is not supported',
          ctx,
        );
        return;
      }
      const name = ctx.tableOrViewName();
      const ref = name.tableRef() ?? name.viewRef();
      if (!ref) return;
      const parts = ref.identifier().map(id => unquote(id.getText()));
      if (parts.length === 1 && scope.has(parts[0].toLowerCase())) {
        return;
      }
      const aliasedRelation =
        ctx.parent as TrinoParserModule.AliasedRelationContext;
      let bound: number | undefined;
      let spec: ParserRuleContext | null = ctx.parent;
      while (spec && !(spec instanceof trino.QuerySpecificationContext)) {
        spec = spec.parent;
      }
      if (spec) {
        const actual = tokenTexts(spec).join(' ');
        const written = ['select', '*', 'from', ...tokenTexts(ref)];
        const index = boundTokens.findIndex(
          b => [...written, 'where', ...b].join(' ') === actual,
        );
        if (index >= 0) bound = index;
      }
      tables.push({
        parts,
        from: at(ref),
        to: offsets[ref.stop!.stop + 1],
        aliased:
          aliasedRelation instanceof trino.AliasedRelationContext &&
          !!aliasedRelation.identifier(),
        ...(bound !== undefined ? { bound } : {}),
      });
    };

    const walk = (ctx: ParserRuleContext, scope: Set<string>): void => {
      if (ctx instanceof trino.StatementContext) {
        if (!(ctx instanceof trino.StatementDefaultContext)) {
          refuse(
            'only a read-only SELECT (or WITH ... SELECT) statement may run',
            ctx,
          );
          return;
        }
      } else if (ctx instanceof trino.RootQueryContext) {
        if (ctx.withFunction()) {
          refuse('WITH FUNCTION is not allowed', ctx);
          return;
        }
      } else if (ctx instanceof trino.QueryStatementContext) {
        const withClause = ctx.with();
        let inner = scope;
        if (withClause) {
          if (withClause.KW_RECURSIVE()) {
            refuse('WITH RECURSIVE is not allowed', withClause);
            return;
          }
          for (const named of withClause.namedQuery()) {
            // a common table expression sees the ones before it, not itself or those after it
            walk(named.query(), inner);
            inner = new Set(inner).add(
              unquote(named.identifier().getText()).toLowerCase(),
            );
          }
        }
        walk(ctx.queryNoWith(), inner);
        return;
      } else if (ctx instanceof trino.TableContext) {
        refuse(
          'TABLE <name> is not supported; write SELECT * FROM <name>',
          ctx,
        );
        return;
      } else if (ctx instanceof trino.TableNameContext) {
        tableRead(ctx, scope);
        return;
      } else if (ctx instanceof trino.TableFunctionInvocationContext) {
        refuse(
          'TABLE(...) table functions are not allowed; ad-hoc SQL reads only Security Lake tables',
          ctx,
        );
        return;
      } else if (
        ctx instanceof trino.CurrentUserContext ||
        ctx instanceof trino.CurrentCatalogContext ||
        ctx instanceof trino.CurrentSchemaContext ||
        ctx instanceof trino.CurrentPathContext
      ) {
        refuse(
          `${ctx
            .getText()
            .toUpperCase()} is not allowed: it reads the engine, not data`,
          ctx,
        );
        return;
      } else if (ctx instanceof trino.FunctionCallContext) {
        const parts = ctx
          .functionName()
          .qualifiedName()
          .identifier()
          .map(id => unquote(id.getText()));
        functions.push({
          name: parts[parts.length - 1],
          ...(parts.length > 1
            ? { qualifier: parts.slice(0, -1).join('.') }
            : {}),
          offset: at(ctx.functionName()),
        });
      }
      for (const child of ctx.children ?? []) {
        if (child instanceof ParserRuleContext) walk(child, scope);
      }
    };

    const statements = program.statements();
    statements.forEach(statement => walk(statement, new Set()));
    let parameters = 0;
    for (const token of stream.getTokens()) {
      if (token.type === Lexer.QUESTION_MARK) parameters++;
    }
    return {
      statements: statements.length,
      refused,
      tables,
      functions,
      parameters,
    };
  }
}

/** The one Trino grammar a process needs: its parser's caches warm up once. @public */
export const trinoSqlGrammar = new TrinoSqlGrammar();
