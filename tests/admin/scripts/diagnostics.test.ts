import { bodyErrorFrom, diagnosticFor } from '../../../admin/src/editor/diagnostics';

/** A FetchError as Strapi's fetch client throws it for the save's (or validate's) 400. */
const syntaxFailure = (entry: Record<string, unknown>) =>
  Object.assign(new Error('Request failed with status code 400'), {
    response: {
      status: 400,
      data: {
        data: null,
        error: {
          status: 400,
          name: 'ValidationError',
          message: 'body: …',
          details: { errors: [entry] },
        },
      },
    },
  });

describe('server syntax errors', () => {
  test('Given a 400 on body with line and column, when read, then message, line and column come out without the location suffix', () => {
    const error = syntaxFailure({
      path: ['body'],
      message: "Unexpected token ';' (line 2, column 11)",
      name: 'SyntaxError',
      line: 2,
      column: 11,
    });
    expect(bodyErrorFrom(error)).toEqual({ message: "Unexpected token ';'", line: 2, column: 11 });
  });

  test('Given a 400 on another field or no answer, when read, then there is no body error', () => {
    expect(
      bodyErrorFrom(syntaxFailure({ path: ['name'], message: 'name is taken', name: 'x' }))
    ).toBeNull();
    expect(bodyErrorFrom(new Error('Network Error'))).toBeNull();
    expect(bodyErrorFrom(undefined)).toBeNull();
  });

  test('Given a body error without a position (size, early close), when read, then it has only a message', () => {
    const error = syntaxFailure({ path: ['body'], message: 'body must be at most 256 KiB' });
    expect(bodyErrorFrom(error)).toEqual({ message: 'body must be at most 256 KiB' });
  });
});

describe('diagnostic ranges', () => {
  const text = 'const a = 1;\nconst b = ;\nreturn a;';

  test('Given line 2 column 11 (the sandbox test case), when mapped, then it covers the `;` on line 2', () => {
    const diagnostic = diagnosticFor(text, {
      message: "Unexpected token ';'",
      line: 2,
      column: 11,
    });
    expect(text.slice(diagnostic.from, diagnostic.to)).toBe(';');
    expect(diagnostic.from).toBe(13 + 10);
    expect(diagnostic).toMatchObject({ severity: 'error', message: "Unexpected token ';'" });
  });

  test('Given a column on an identifier, when mapped, then the whole word is covered', () => {
    const diagnostic = diagnosticFor('let x = 1;\nreturn retrun foo;', {
      message: 'Unexpected identifier',
      line: 2,
      column: 15,
    });
    expect('let x = 1;\nreturn retrun foo;'.slice(diagnostic.from, diagnostic.to)).toBe('foo');
  });

  test('Given the end of the last line (an unclosed block), when mapped, then the last character is marked', () => {
    const body = 'if (x) {\n  y();';
    const diagnostic = diagnosticFor(body, {
      message: 'Unexpected end of input',
      line: 2,
      column: 7,
    });
    expect(diagnostic.to).toBe(body.length);
    expect(body.slice(diagnostic.from, diagnostic.to)).toBe(';');
  });

  test('Given positions beyond the text, when mapped, then they are clamped into it', () => {
    const diagnostic = diagnosticFor('a\nb', { message: 'x', line: 9, column: 40 });
    expect(diagnostic.from).toBeGreaterThanOrEqual(0);
    expect(diagnostic.to).toBeLessThanOrEqual(3);
    expect(diagnostic.from).toBeLessThanOrEqual(diagnostic.to);
    expect(diagnosticFor('', { message: 'x', line: 1, column: 1 })).toMatchObject({
      from: 0,
      to: 0,
    });
  });

  test('Given an error without a line, when mapped, then the first line is marked', () => {
    const diagnostic = diagnosticFor(text, { message: 'closes its own function body early' });
    expect(text.slice(diagnostic.from, diagnostic.to)).toBe('const a = 1;');
  });

  test('Given CRLF-free multi-line text, when line 3 column 1 is mapped, then it starts the third line', () => {
    const diagnostic = diagnosticFor(text, { message: 'x', line: 3, column: 1 });
    expect(text.slice(diagnostic.from, diagnostic.to)).toBe('return');
  });
});
