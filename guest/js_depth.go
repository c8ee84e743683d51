package guest

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// esbuild runs in the sidecar's own process and recurses on the goroutine
// stack once per level of nesting, with frames of 5 to 9 KB: a source a
// hundred thousand levels deep holds most of a gigabyte of stack, and at the
// runtime's 1 GB ceiling the process dies with a fatal error that nothing can
// recover. Such nesting takes only a few hundred KB of "(", "[", "a.b.b.b",
// "!!!!" or "a?b:c?d:..." to write. checkNesting estimates, in one linear
// pass and before esbuild sees the text, how deep esbuild will recurse, and
// transform refuses sources past esbuildMaxNesting.
//
// The estimate counts, at each open bracket, one level for the bracket (a
// body: fnWeight) and one for every token that can nest the expression or
// statement it is in one more level without a bracket (a member access, a
// call, a prefix operator, ?, :, an assignment, if, else, while, ...; =>
// counts fnWeight), until a token that ends that expression (a comma, a
// semicolon, a statement boundary). It overestimates; where it is unsure what
// esbuild will see it overestimates more, never less:
//
//   - Strings, templates and comments are lexed as esbuild's lexer does them
//     (including "<!--" and "-->" comments), so brackets inside them do not
//     count and cannot hide brackets outside them.
//   - Whether "/" starts a regular expression is the parser's choice. It is
//     taken from the token before it, as esbuild's parser takes it from its
//     state; where the token before does not settle it ("yield", "await",
//     "of", or the "}" of an arrow body), the text up to where a regular
//     expression would end is read as code if that changes nothing that
//     counts, and otherwise the scan turns pessimistic: from there on nothing
//     counted is ever taken back.
const esbuildMaxNesting = 4000

// fnWeight is what a function, method, class or control-flow body and an
// arrow count, in place of 1: esbuild's time grows with the cube of how
// deeply they nest (1000 nested arrows or function declarations: 3.5 s;
// 2000: 23 s; uninterruptible), where other nesting costs it little. 4000/8
// = 500 such levels take it half a second; real code nests them a few deep.
const fnWeight = 8

// errNestingTooDeep is V8's message for a source nested past its stack; goja
// uses the same words (see third_party/goja/parser).
const errNestingTooDeep = "Maximum call stack size exceeded"

// nestingError reports where a source crossed the bound, like goja's
// syntax errors do.
type nestingError struct {
	file      string
	line, col int
}

func (e *nestingError) Error() string {
	return fmt.Sprintf("SyntaxError: %s: Line %d:%d %s", e.file, e.line, e.col, errNestingTooDeep)
}

// checkNesting returns a *nestingError if src may nest deeper than limit.
func checkNesting(filename, src string, ts bool, limit int) error {
	s := nestScan{src: src, ts: ts, limit: limit}
	at, deep := s.run()
	if !deep {
		return nil
	}
	line := 1 + strings.Count(src[:at], "\n")
	col := at - strings.LastIndexByte(src[:at], '\n')
	return &nestingError{file: filename, line: line, col: col}
}

// What the token before a "/" says about it.
const (
	slashRegexp    = iota // an expression is expected: "/" starts a regular expression
	slashDivide           // an operand just ended: "/" divides
	slashAmbiguous        // either, depending on what the parser knows
)

// How a "{" ends: whether what follows its "}" is in expression position.
const (
	closeExpr  = 'e' // object literal, function or class expression: "/" after it divides
	closeStmt  = 's' // block, declaration body: a statement follows
	closeArrow = 'a' // arrow function body: unclear
	closeType  = 't' // after a ":" in TypeScript: a type literal, or a label's or case's block
)

type nestLevel struct {
	kind       byte // 0 top, '(', '[', '{', '`' template text, '$' substitution, '<' type arguments
	w          int  // what the level itself counts: 1, or fnWeight for a body
	stmt, expr int  // nesting tokens counted at this level since the last reset
	quest      int  // unmatched "?" of conditional expressions
	obj        bool // "{" of an object literal: its ":" are property colons
	head       bool // "(" of an if/while/for/with head: a statement follows its ")"
	close      byte // for "{": see closeExpr
	fn         byte // for "(" of function parameters: how the body's "{" closes
}

type nestScan struct {
	src   string
	ts    bool
	limit int

	i     int
	st    []nestLevel
	total int  // current estimate: levels plus counted tokens
	max   int  // largest total so far
	maxAt int  // where max was first past the limit
	pess  bool // pessimistic: totals never go down

	slash     int    // what a "/" now would be
	prevTok   string // the previous token's text, for punctuators and words
	prev2Tok  string
	nl        bool // a line terminator since the previous token
	stmtStart bool // the next token starts a statement (best effort)
	colon     byte // the last ":" was 't' a conditional's, 'o' a property's, 'l' other
	// The previous word may be a modifier or prefix (async, get, readonly,
	// keyof, ...) rather than an operand: what follows does not end a
	// statement.
	noBoundary bool

	// A function or class keyword seen, not yet matched with its "(" or "{".
	fnKind, clsKind   byte
	fnLevel, clsLevel int
	asyncStmt         bool // "async" began a statement
	asyncExpr         bool // "async" came where an expression was expected
	// The "{" right after a ")" (or after a function's return type) closes so.
	bodyKind  byte
	bodyLevel int
	bodyArmed bool // for function parameters: survives a return type annotation
}

// run scans the whole source; it returns the offset where the estimate first
// went past the limit, and whether it did.
func (s *nestScan) run() (int, bool) {
	s.st = append(s.st, nestLevel{})
	s.slash = slashRegexp
	s.stmtStart = true
	s.nl = true // as esbuild's lexer has it at the start of the file
	for s.i < len(s.src) {
		if s.top().kind == '`' {
			s.templateText()
		} else {
			s.i, s.nl = s.skipSpace(s.i, s.nl)
			if s.i >= len(s.src) {
				break
			}
			s.token()
		}
		if s.max > s.limit {
			return s.maxAt, true
		}
	}
	return 0, false
}

func (s *nestScan) top() *nestLevel { return &s.st[len(s.st)-1] }

func (s *nestScan) add(n int) {
	s.total += n
	if s.total > s.max {
		s.max = s.total
		if s.max > s.limit && s.maxAt == 0 {
			s.maxAt = s.i
		}
	}
}

func (s *nestScan) sub(n int) {
	if !s.pess {
		s.total -= n
	}
}

func (s *nestScan) push(kind byte) *nestLevel {
	s.st = append(s.st, nestLevel{kind: kind, w: 1})
	s.add(1)
	return s.top()
}

func (s *nestScan) pop() nestLevel {
	l := *s.top()
	s.st = s.st[:len(s.st)-1]
	s.sub(l.w + l.stmt + l.expr)
	return l
}

func (s *nestScan) chainExpr() { s.top().expr++; s.add(1) }

func (s *nestScan) chainExprN(n int) { s.top().expr += n; s.add(n) }
func (s *nestScan) chainStmt()       { s.top().stmt++; s.add(1) }

func (s *nestScan) resetExpr() {
	t := s.top()
	s.sub(t.expr)
	t.expr, t.quest = 0, 0
}

func (s *nestScan) resetStmt() {
	t := s.top()
	s.sub(t.stmt)
	t.stmt = 0
}

// popSoft closes type argument lists still open: they never outlive the
// bracket, statement or expression they are in.
func (s *nestScan) popSoft() {
	for len(s.st) > 1 && s.top().kind == '<' {
		s.pop()
	}
}

// endStatement: a statement ended at this level; the ones it was the body
// of end too, unless next continues them.
func (s *nestScan) endStatement(next string) {
	s.popSoft()
	s.resetExpr()
	switch next {
	case "else", "while", "catch", "finally":
	default:
		s.resetStmt()
	}
	depth := len(s.st) - 1
	if s.fnLevel == depth {
		s.fnKind = 0
	}
	if s.clsLevel == depth {
		s.clsKind = 0
	}
	if s.bodyLevel == depth {
		s.bodyKind, s.bodyArmed = 0, false
	}
}

func isLineTerm(r rune) bool { return r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029 }

func isJSSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', 0xa0, 0xfeff:
		return true
	}
	return r > 0x7f && unicode.Is(unicode.Zs, r)
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c == '\\' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// skipSpace skips white space and comments from i, as esbuild's lexer does,
// and reports whether it passed a line terminator.
func (s *nestScan) skipSpace(i int, nl bool) (int, bool) {
	src := s.src
	for i < len(src) {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			i = s.lineEnd(i)
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				end = len(src) - i - 4 // unterminated: to the end
			}
			body := src[i+2 : i+2+end]
			if strings.ContainsAny(body, "\n\r\u2028\u2029") {
				nl = true
			}
			i += 2 + end + 2
		case c == '<' && strings.HasPrefix(src[i:], "<!--"):
			i = s.lineEnd(i)
		case c == '-' && nl && strings.HasPrefix(src[i:], "-->"):
			i = s.lineEnd(i)
		case c < 0x80:
			switch c {
			case ' ', '\t', '\v', '\f':
				i++
			case '\n', '\r':
				i++
				nl = true
			default:
				return i, nl
			}
		default:
			r, w := utf8.DecodeRuneInString(src[i:])
			switch {
			case isLineTerm(r):
				nl = true
			case isJSSpace(r):
			default:
				return i, nl
			}
			i += w
		}
	}
	return min(i, len(src)), nl
}

// lineEnd is the offset of the line terminator ending the line i is on.
func (s *nestScan) lineEnd(i int) int {
	src := s.src
	for i < len(src) {
		c := src[i]
		if c == '\n' || c == '\r' {
			return i
		}
		if c >= 0x80 {
			r, w := utf8.DecodeRuneInString(src[i:])
			if isLineTerm(r) {
				return i
			}
			i += w
			continue
		}
		i++
	}
	return i
}

// peekWord returns the word the next token is, if it is one.
func (s *nestScan) peekWord() string {
	i, _ := s.skipSpace(s.i, false)
	if i >= len(s.src) || !isIdentStart(s.src[i]) {
		return ""
	}
	return s.src[i:s.wordEnd(i)]
}

// wordEnd is the end of the identifier or word going on at i; white space
// that is not ASCII ends it, as it does in esbuild's lexer.
func (s *nestScan) wordEnd(i int) int {
	src := s.src
	for i < len(src) {
		c := src[i]
		if c < 0x80 {
			if !isIdentPart(c) {
				return i
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(src[i:])
		if isJSSpace(r) || isLineTerm(r) {
			return i
		}
		i += w
	}
	return i
}

// templateText scans template text up to "${" or the closing backtick.
func (s *nestScan) templateText() {
	src := s.src
	for s.i < len(src) {
		switch src[s.i] {
		case '`':
			s.i++
			s.pop()
			s.chainExpr() // a tag applied to it, or a member of it
			s.afterOperand()
			return
		case '\\':
			s.i += 2
		case '$':
			if s.i+1 < len(src) && src[s.i+1] == '{' {
				s.i += 2
				s.push('$')
				s.afterOperator("${")
				return
			}
			s.i++
		default:
			s.i++
		}
	}
	s.i = len(src)
}

func (s *nestScan) afterOperand() {
	s.slash = slashDivide
	s.prev2Tok, s.prevTok = s.prevTok, ""
	s.nl = false
	s.stmtStart = false
	s.noBoundary = false
}

func (s *nestScan) afterOperator(tok string) {
	s.slash = slashRegexp
	s.prev2Tok, s.prevTok = s.prevTok, tok
	s.nl = false
	s.stmtStart = false
	s.noBoundary = false
}

// Words that may be a modifier or a prefix before an operand rather than an
// operand themselves, in JavaScript or TypeScript.
var prefixWords = map[string]bool{
	"async": true, "get": true, "set": true, "static": true, "declare": true, "abstract": true,
	"readonly": true, "unique": true, "keyof": true, "infer": true, "asserts": true, "override": true,
	"accessor": true, "public": true, "private": true, "protected": true, "type": true,
	"namespace": true, "module": true, "global": true, "let": true, "out": true, "using": true, "is": true,
}

// continues reports whether a token (word or punctuator) can go on with an
// expression whose last operand just ended; if not, a statement ended (ASI,
// or the "}" of a block), or the source is invalid and esbuild stops there.
func (s *nestScan) continues(word, punct string) bool {
	if word != "" {
		switch word {
		case "in", "instanceof", "of", "as", "satisfies", "extends", "implements", "is":
			return true
		}
		return false
	}
	switch punct {
	case "~", "@", "#", "'", "\"":
		return false
	case "!":
		return s.ts && !s.nl // a non-null assertion
	case "++", "--":
		return !s.nl
	}
	return true
}

func (s *nestScan) token() {
	src := s.src
	c := src[s.i]
	switch {
	case isIdentStart(c) || c == '#':
		j := s.wordEnd(s.i + 1)
		word := src[s.i:j]
		if s.slash == slashDivide && !s.noBoundary && !s.continues(word, "") {
			s.endStatement(word)
			s.stmtStart = true
		}
		s.i = j
		s.word(word)
	case c >= '0' && c <= '9' || c == '.' && s.i+1 < len(src) && src[s.i+1] >= '0' && src[s.i+1] <= '9':
		if s.slash == slashDivide && !s.noBoundary {
			s.endStatement("")
		}
		s.number()
		s.afterOperand()
	case c == '"' || c == '\'':
		if s.slash == slashDivide && !s.noBoundary {
			s.endStatement("")
		}
		s.str(c)
		s.afterOperand()
	case c == '`':
		s.i++
		s.push('`')
	default:
		p := s.punct()
		if s.slash == slashDivide && !s.noBoundary && !s.continues("", p) {
			s.endStatement("")
			s.stmtStart = true
		}
		s.i += len(p)
		s.punctuator(p)
	}
}

func (s *nestScan) number() {
	src := s.src
	dot := false
	hex := len(src) > s.i+1 && src[s.i] == '0' && (src[s.i+1]|0x20 == 'x' || src[s.i+1]|0x20 == 'b' || src[s.i+1]|0x20 == 'o')
	for s.i < len(src) {
		c := src[s.i]
		switch {
		case isIdentPart(c):
			s.i++
			if !hex && c|0x20 == 'e' && s.i < len(src) && (src[s.i] == '+' || src[s.i] == '-') {
				s.i++
			}
		case c == '.' && !dot && !hex:
			dot = true
			s.i++
		default:
			return
		}
	}
}

// str skips a string literal; like esbuild's lexer, a line terminator other
// than U+2028 and U+2029 ends it (as an error).
func (s *nestScan) str(q byte) {
	src := s.src
	s.i++
	for s.i < len(src) {
		switch src[s.i] {
		case q:
			s.i++
			return
		case '\\':
			s.i++
			if s.i+1 < len(src) && src[s.i] == '\r' && src[s.i+1] == '\n' {
				s.i++
			}
			s.i++
		case '\n', '\r':
			return
		default:
			s.i++
		}
	}
}

// regexpEnd returns the end of the regular expression whose "/" is at i (the
// offset past its flags), as esbuild's ScanRegExp reads it, or -1 if there
// is none before the end of the line.
func (s *nestScan) regexpEnd(i int) int {
	src := s.src
	i++
	class := false
	for i < len(src) {
		c := src[i]
		if c == '\\' {
			i++
			if i >= len(src) {
				return -1
			}
			c = src[i]
		} else if c == '/' && !class {
			i++
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			return i
		} else if c == '[' {
			class = true
		} else if c == ']' {
			class = false
		}
		if c == '\n' || c == '\r' {
			return -1
		}
		if c >= 0x80 {
			r, w := utf8.DecodeRuneInString(src[i:])
			if isLineTerm(r) {
				return -1
			}
			i += w
			continue
		}
		i++
	}
	return -1
}

// harmlessRegexp reports whether reading the would-be regular expression at
// [i, end) as code instead changes nothing the estimate would later take
// back: nothing in it but words that are not keywords, white space and
// operators that only count (no bracket, quote, comment, comma, colon, "?",
// "<" or ">"), and no comment started by its closing "/".
func (s *nestScan) harmlessRegexp(i, end int) bool {
	body := s.src[i+1 : end]
	last := strings.LastIndexByte(body, '/')
	if last < 0 {
		return false
	}
	if last+1 == len(body) && end < len(s.src) && (s.src[end] == '/' || s.src[end] == '*') {
		return false
	}
	interior := body[:last]
	for j := 0; j < len(interior); j++ {
		c := interior[j]
		switch {
		case isIdentPart(c), c == ' ', c == '\t', c == '.', c == '+', c == '-', c == '*', c == '%',
			c == '&', c == '|', c == '^', c == '!', c == '~', c == '=':
		default:
			return false
		}
	}
	for _, w := range strings.FieldsFunc(interior, func(r rune) bool { return r > 0x7f || !isIdentPart(byte(r)) }) {
		if regexpAfterWord[w] || prefixWords[w] || w == "yield" || w == "await" || w == "of" {
			return false
		}
	}
	return true
}

var puncts = []string{
	">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=",
	"*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
}

func (s *nestScan) punct() string {
	rest := s.src[s.i:]
	for _, p := range puncts {
		if strings.HasPrefix(rest, p) {
			if p == "?." && len(rest) > 2 && rest[2] >= '0' && rest[2] <= '9' {
				break // a conditional and a number: a?.5:1
			}
			return p
		}
	}
	if rest[0] >= 0x80 {
		_, w := utf8.DecodeRuneInString(rest)
		return rest[:w]
	}
	return rest[:1]
}

// Words after which an expression is expected; a "/" after them starts a
// regular expression. Other reserved words are never followed by "/" in a
// valid program; contextual ones ("let", "of", "async", TypeScript's) can be
// plain identifiers.
var regexpAfterWord = map[string]bool{
	"case": true, "delete": true, "do": true, "else": true, "in": true, "instanceof": true,
	"new": true, "return": true, "throw": true, "typeof": true, "void": true, "extends": true,
	"break": true, "continue": true, "const": true, "var": true, "import": true, "export": true,
	"default": true, "catch": true, "switch": true, "try": true, "finally": true, "debugger": true,
	"enum": true, "class": true, "function": true, "if": true, "for": true, "while": true, "with": true,
}

func (s *nestScan) word(w string) {
	if s.prevTok == "." || s.prevTok == "?." {
		s.afterOperand() // a property name, whatever the word
		return
	}
	stmtStart := s.stmtStart
	switch w {
	case "if":
		if s.prevTok != "else" {
			s.chainStmt()
		}
	case "else", "while", "for", "do", "with", "return", "throw":
		s.chainStmt()
	case "case":
		s.resetExpr()
		s.resetStmt()
	case "default":
		if s.prevTok != "export" {
			s.resetExpr()
			s.resetStmt()
		}
	case "typeof", "void", "delete", "new", "extends", "keyof", "infer", "unique", "readonly", "asserts", "await", "yield":
		s.chainExpr()
	case "function", "class":
		kind := byte(closeArrow) // unsure: treated as ambiguous
		switch {
		case stmtStart || s.prevTok == "export" || s.prevTok == "default" || s.prevTok == "async" && s.asyncStmt,
			s.prevTok == ":" && s.colon == 'l': // labelled, or in a case clause
			kind = closeStmt
		case s.prevTok == "async" && s.asyncExpr, s.slash == slashRegexp && s.prevTok != "async":
			kind = closeExpr
		}
		if w == "function" {
			s.fnKind, s.fnLevel = kind, len(s.st)-1
		} else {
			s.clsKind, s.clsLevel = kind, len(s.st)-1
		}
	case "async":
		s.asyncStmt, s.asyncExpr = stmtStart, !stmtStart && s.slash == slashRegexp
	}
	switch {
	case w == "yield" || w == "await" || w == "of":
		s.afterOperator(w)
		s.slash = slashAmbiguous
	case w == "const" && s.prevTok == "as":
		s.afterOperand()
	case regexpAfterWord[w]:
		s.afterOperator(w)
	default:
		s.afterOperand()
		s.prevTok = w
		s.noBoundary = prefixWords[w]
	}
	if w == "else" || w == "do" {
		s.stmtStart = true
	}
}

func (s *nestScan) punctuator(p string) {
	switch p {
	case "(":
		prevTok, prev2 := s.prevTok, s.prev2Tok
		l := s.push('(')
		switch prevTok {
		case "if", "while", "for", "with":
			l.head = true
		case "await":
			l.head = prev2 == "for"
		}
		if s.fnKind != 0 && s.fnLevel == len(s.st)-2 {
			l.fn = s.fnKind
			s.fnKind = 0
		}
		s.afterOperator(p)
	case ")":
		s.popSoft()
		if s.top().kind != '(' || len(s.st) == 1 {
			s.afterOperand()
			return
		}
		l := s.pop()
		if l.head {
			s.afterOperator(p)
			s.stmtStart = true
			s.bodyKind, s.bodyLevel, s.bodyArmed = closeStmt, len(s.st)-1, false
			return
		}
		s.chainExpr()
		s.afterOperand()
		s.prevTok = p
		s.bodyKind, s.bodyLevel, s.bodyArmed = closeStmt, len(s.st)-1, l.fn != 0
		if l.fn != 0 {
			s.bodyKind = l.fn
		}
	case "[":
		s.push('[')
		s.afterOperator(p)
	case "]":
		s.popSoft()
		if s.top().kind == '[' && len(s.st) > 1 {
			s.pop()
			s.chainExpr()
		}
		s.afterOperand()
	case "{":
		s.openBrace()
	case "}":
		s.closeBrace()
	case ";":
		next := s.peekWord()
		s.endStatement(next)
		s.afterOperator(p)
		s.stmtStart = true
	case ",":
		s.resetExpr()
		s.afterOperator(p)
	case "?":
		s.chainExpr()
		s.top().quest++
		s.afterOperator(p)
	case ":":
		s.chainExpr()
		t := s.top()
		switch {
		case t.quest > 0:
			t.quest--
			s.colon = 't'
		case t.obj:
			s.colon = 'o'
		default:
			s.colon = 'l'
		}
		s.afterOperator(p)
	case "=>":
		s.chainExprN(fnWeight)
		s.bodyKind, s.bodyLevel, s.bodyArmed = closeArrow, len(s.st)-1, false
		s.afterOperator(p)
		s.prevTok = p
		return
	case "!":
		s.chainExpr()
		if s.ts && s.slash == slashDivide && !s.nl {
			s.afterOperand() // x! asserts non-null
			return
		}
		s.afterOperator(p)
	case "+", "-":
		if s.slash != slashDivide {
			s.chainExpr() // prefix
		}
		s.afterOperator(p)
	case "++", "--":
		s.chainExpr()
		if s.slash == slashDivide && !s.nl {
			s.afterOperand() // postfix
			return
		}
		s.afterOperator(p)
	case ".", "?.", "...", "~", "**", "=", "+=", "-=", "*=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??=":
		s.chainExpr()
		s.afterOperator(p)
	case "<":
		if s.ts {
			s.push('<')
		}
		s.afterOperator(p)
	case ">", ">>", ">>>", ">=":
		if s.ts {
			for n := strings.Count(p, ">"); n > 0 && s.top().kind == '<' && len(s.st) > 1; n-- {
				s.pop()
			}
		}
		s.afterOperator(p)
	case "/", "/=":
		s.slashToken(p)
	default:
		s.afterOperator(p)
	}
	if s.bodyKind != 0 && !s.bodyArmed && p != ")" {
		s.bodyKind = 0 // only the "{" right after ")" is that body
	}
}

func (s *nestScan) slashToken(p string) {
	start := s.i - len(p)
	if p == "/=" {
		s.chainExpr()
	}
	switch s.slash {
	case slashDivide:
		s.afterOperator(p)
	case slashRegexp:
		if end := s.regexpEnd(start); end >= 0 {
			s.i = end
		} else {
			s.i = s.lineEnd(start) // unterminated: esbuild stops here
		}
		s.afterOperand()
	default:
		if end := s.regexpEnd(start); end >= 0 && !s.harmlessRegexp(start, end) {
			s.pess = true
		}
		s.afterOperator(p) // read as code: it overcounts, if anything
	}
}

func (s *nestScan) openBrace() {
	kind := byte(closeExpr)
	obj, body := false, false
	depth := len(s.st) - 1
	switch {
	case s.bodyKind != 0 && s.bodyLevel == depth && (s.prevTok == ")" || s.prevTok == "=>" || s.bodyArmed && s.prevTok != ":"):
		kind = s.bodyKind
		body = true
	case s.clsKind != 0 && s.clsLevel == depth && (s.prevTok == "class" || s.prevTok == ">" || s.slash == slashDivide):
		kind = s.clsKind
		s.clsKind = 0
		body = true
	case s.stmtStart || s.slash == slashDivide:
		kind = closeStmt // a block, or after a declaration's name (interface X {)
	case s.nl && (s.prevTok == "return" || s.prevTok == "yield" || s.prevTok == "break" || s.prevTok == "continue"):
		kind = closeStmt // ASI ended the statement before it
	case s.prevTok == ":":
		switch {
		case s.colon != 'l':
			obj = true
		case s.ts:
			kind = closeType
		default:
			kind = closeStmt // a label's or case's block
		}
	case s.prevTok == "else" || s.prevTok == "do" || s.prevTok == "try" || s.prevTok == "catch" || s.prevTok == "finally":
		kind = closeStmt
	default:
		obj = true // an expression is expected: an object literal
	}
	if !(s.bodyArmed && s.prevTok == ":") {
		s.bodyKind, s.bodyArmed = 0, false // a return type's literal keeps it
	}
	l := s.push('{')
	l.close, l.obj = kind, obj
	if body {
		l.w = fnWeight
		s.add(fnWeight - 1)
	}
	s.afterOperator("{")
	s.stmtStart = kind == closeStmt
}

func (s *nestScan) closeBrace() {
	s.popSoft()
	switch t := s.top(); {
	case t.kind == '$':
		s.pop() // back to the template's text
		return
	case t.kind != '{' || len(s.st) == 1:
		s.afterOperand()
		return
	}
	l := s.pop()
	switch l.close {
	case closeExpr:
		s.chainExpr()
		s.afterOperand()
	case closeStmt:
		s.afterOperator("}")
		next := s.peekWord()
		s.endStatement(next)
		s.stmtStart = true
	case closeType:
		// What follows a type literal is never "/"; after a label's or
		// case's block a statement starts. Nothing is reset: it may be
		// in the middle of an expression's type annotation.
		s.afterOperator("}")
	default:
		s.afterOperator("}")
		s.slash = slashAmbiguous
	}
}
