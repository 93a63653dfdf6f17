package peertube

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite COVERAGE.md")

// specOperation is an operation of the PeerTube OpenAPI specification
// (testdata/operations.tsv).
type specOperation struct {
	method, path, operationID string
	tags                      []string // the first is the operation's own
	status                    string   // current or deprecated
}

func (o specOperation) key() string { return o.method + " " + o.path }

// docsURL is the operation's place in the PeerTube API reference, a
// ReDoc page: by operationId when the operation has one, by its JSON
// pointer in the spec otherwise.
func (o specOperation) docsURL() string {
	const base = "https://docs.joinpeertube.org/api-rest-reference.html#tag/"
	tag := o.tags[0]
	if tag == "Videos" && len(o.tags) > 1 {
		// The spec does not declare this tag nor put it in a group of
		// its x-tagGroups, so the reference does not show it.
		tag = o.tags[1]
	}
	tag = strings.Join(strings.Fields(tag), "-")
	if o.operationID != "" {
		return base + tag + "/operation/" + o.operationID
	}
	pointer := strings.NewReplacer("~", "~0", "/", "~1", "{", "%7B", "}", "%7D").Replace(o.path)
	return base + tag + "/paths/" + pointer + "/" + strings.ToLower(o.method)
}

// readOperations reads testdata/operations.tsv.
func readOperations(t *testing.T) []specOperation {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "operations.tsv"))
	require.NoError(t, err)
	defer f.Close()
	var ops []specOperation
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		require.Len(t, c, 5, line)
		op := specOperation{method: c[0], path: c[1], operationID: c[2], tags: strings.Split(c[3], ","), status: c[4]}
		if op.operationID == "-" {
			op.operationID = ""
		}
		ops = append(ops, op)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, ops)
	return ops
}

// coverageGroups are the areas of the API this package is to cover, in the
// order of COVERAGE.md.
var coverageGroups = []string{
	"videos", "uploads", "imports", "captions", "chapters", "channels", "playlists", "my user",
	"accounts", "live", "comments", "video passwords", "search", "config", "stats",
}

// tagGroup files the spec's tags under the groups; "my user" takes the
// tags of the token's user that MeService covers (subscriptions,
// notifications, history), "stats" the server's and the videos'
// statistics. The operations of the other tags (administration,
// moderation, plugins, runners, studio, channel syncs, user exports…)
// are listed in COVERAGE.md apart and not counted.
var tagGroup = map[string]string{
	"Video":            "videos",
	"Videos":           "videos", // used by the spec on a few operations, not declared
	"Video Rates":      "videos",
	"Video Upload":     "uploads",
	"Video Imports":    "imports",
	"Video Captions":   "captions",
	"Video Chapters":   "chapters",
	"Video Channels":   "channels",
	"Video Playlists":  "playlists",
	"My User":          "my user",
	"My Subscriptions": "my user",
	"My Notifications": "my user",
	"My History":       "my user",
	"Accounts":         "accounts",
	"Live Videos":      "live",
	"Video Comments":   "comments",
	"Video Passwords":  "video passwords",
	"Search":           "search",
	"Config":           "config",
	"Stats":            "stats",
	"Video Stats":      "stats",
}

// groupOf returns the group of an operation: that of its first tag,
// except that an operation filed first under the generic Video(s) tag
// and then under a more precise one (uploads, my imports, a channel's or
// a playlist's videos) goes to the precise one. It returns "" for an
// operation outside the groups.
func groupOf(op specOperation) string {
	first := op.tags[0]
	if first == "Video" || first == "Videos" {
		for _, tag := range op.tags[1:] {
			if g := tagGroup[tag]; g != "" && g != "videos" {
				return g
			}
		}
	}
	return tagGroup[first]
}

// leftOut are the operations of the groups this package does not cover
// on purpose, with the reason.
var leftOut = map[string]string{}

// routeLine is a route line of a doc comment: "// GET /api/v1/videos/{id}".
var routeLine = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*)$`)

// codeRoute is where a route line was found.
type codeRoute struct {
	who string // "Videos.Get", or the name of a function or type
	pos token.Position
}

// codeRoutes returns, for each route named in a doc comment of the
// package's non-test files, where it is named.
func codeRoutes(t *testing.T) map[string][]codeRoute {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	out := make(map[string][]codeRoute)
	collect := func(doc *ast.CommentGroup, who string) {
		if doc == nil {
			return
		}
		for _, c := range doc.List {
			text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			if m := routeLine.FindStringSubmatch(text); m != nil {
				key := m[1] + " " + m[2]
				out[key] = append(out[key], codeRoute{who, fset.Position(c.Pos())})
			}
		}
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				collect(d.Doc, routeOwner(d))
			case *ast.GenDecl:
				// A type, const or var: its doc, or that of the group.
				for i, spec := range d.Specs {
					var who string
					var doc *ast.CommentGroup
					switch s := spec.(type) {
					case *ast.TypeSpec:
						who, doc = s.Name.Name, s.Doc
					case *ast.ValueSpec:
						who, doc = s.Names[0].Name, s.Doc
					default:
						continue
					}
					if i == 0 {
						collect(d.Doc, who)
					}
					collect(doc, who)
				}
			}
		}
	}
	return out
}

// routeOwner names a function "Videos.Get" for a method of VideosService,
// "UploadSession.Foo" for a method of another type, "Foo" for a function.
func routeOwner(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) != 1 {
		return fn.Name.Name
	}
	recv := fn.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	switch r := recv.(type) {
	case *ast.IndexExpr:
		recv = r.X
	case *ast.IndexListExpr:
		recv = r.X
	}
	id, ok := recv.(*ast.Ident)
	if !ok {
		return fn.Name.Name
	}
	return strings.TrimSuffix(id.Name, "Service") + "." + fn.Name.Name
}

// TestRouteComments fails when a doc comment names a route the
// specification does not know: a typo, the Express spelling (:id), or an
// operation of a later version that operations.tsv must be updated for.
func TestRouteComments(t *testing.T) {
	t.Parallel()
	ops := readOperations(t)
	known := make(map[string]bool, len(ops))
	for _, op := range ops {
		assert.False(t, known[op.key()], "operations.tsv lists %s twice", op.key())
		known[op.key()] = true
		assert.Contains(t, []string{"current", "deprecated"}, op.status, op.key())
	}
	code := codeRoutes(t)
	for route, where := range code {
		if known[route] {
			continue
		}
		for _, w := range where {
			t.Errorf("%s:%d: %q (in the doc comment of %s) is not an operation of the PeerTube 6.3 spec (testdata/operations.tsv)",
				w.pos.Filename, w.pos.Line, route, w.who)
		}
	}
	for route := range leftOut {
		assert.True(t, known[route], "left-out operation %s is not an operation of the spec", route)
		assert.Empty(t, code[route], "left-out operation %s is named in a doc comment", route)
	}
	for tag, g := range tagGroup {
		assert.Contains(t, coverageGroups, g, "tagGroup[%q]", tag)
	}
}

// TestCoverageTable fails when COVERAGE.md is not what the code's route
// comments make of it; go test ./peertube -run CoverageTable -update
// rewrites it.
func TestCoverageTable(t *testing.T) {
	t.Parallel()
	ops := readOperations(t)
	code := codeRoutes(t)

	byGroup := make(map[string][]specOperation)
	var others []specOperation // in the spec's order
	var otherTags []string     // in the order of their first operation
	byTag := make(map[string][]specOperation)
	for _, op := range ops {
		if g := groupOf(op); g != "" {
			byGroup[g] = append(byGroup[g], op)
			continue
		}
		others = append(others, op)
		tag := op.tags[0]
		if byTag[tag] == nil {
			otherTags = append(otherTags, tag)
		}
		byTag[tag] = append(byTag[tag], op)
	}

	status := func(op specOperation) (string, string) {
		if where := code[op.key()]; len(where) > 0 {
			var funcs []string
			for _, w := range where {
				funcs = append(funcs, w.who)
			}
			slices.Sort(funcs)
			by := "`" + strings.Join(slices.Compact(funcs), "`, `") + "`"
			if op.status != "current" {
				return "covered (" + op.status + ")", by
			}
			return "covered", by
		}
		if why := leftOut[op.key()]; why != "" {
			return "left out", why
		}
		if op.status != "current" {
			return op.status, ""
		}
		return "not yet", ""
	}
	// count returns the covered and the counted operations of ops: the
	// current ones not left out.
	count := func(ops []specOperation) (covered, total int) {
		for _, op := range ops {
			if op.status != "current" || leftOut[op.key()] != "" {
				continue
			}
			total++
			if len(code[op.key()]) > 0 {
				covered++
			}
		}
		return covered, total
	}
	table := func(b *bytes.Buffer, ops []specOperation) {
		fmt.Fprintf(b, "| operation | status | method |\n|---|---|---|\n")
		for _, op := range ops {
			st, by := status(op)
			fmt.Fprintf(b, "| [`%s %s`](%s) | %s | %s |\n", op.method, op.path, op.docsURL(), st, by)
		}
	}

	var all []specOperation
	for _, g := range coverageGroups {
		all = append(all, byGroup[g]...)
	}
	covered, total := count(all)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Coverage of the PeerTube API\n\n")
	fmt.Fprintf(&b, "Generated by `go test ./peertube -run CoverageTable -update` from the route lines\n")
	fmt.Fprintf(&b, "of this package's doc comments and the operations of the PeerTube 6.3 REST API\n")
	fmt.Fprintf(&b, "specification (testdata/operations.tsv; see testdata/SOURCE-operations). Do not\n")
	fmt.Fprintf(&b, "edit by hand.\n\n")
	fmt.Fprintf(&b, "**%d of %d** current operations of the groups below are covered.\n", covered, total)
	fmt.Fprintf(&b, "Deprecated operations and those left out on purpose (with the reason) are not counted;\n")
	fmt.Fprintf(&b, "nor are the operations of the other tags (administration, moderation, plugins,\n")
	fmt.Fprintf(&b, "runners…), listed at the end.\n\n")
	fmt.Fprintf(&b, "| group | covered |\n|---|---|\n")
	for _, g := range coverageGroups {
		c, n := count(byGroup[g])
		fmt.Fprintf(&b, "| [%s](#%s) | %d of %d |\n", g, strings.ReplaceAll(g, " ", "-"), c, n)
	}
	for _, g := range coverageGroups {
		fmt.Fprintf(&b, "\n## %s\n\n", g)
		table(&b, byGroup[g])
	}
	c, n := count(others)
	fmt.Fprintf(&b, "\n## other (not counted)\n\n")
	fmt.Fprintf(&b, "The operations of the other tags, by their first tag: %d of %d covered.\n", c, n)
	for _, tag := range otherTags {
		fmt.Fprintf(&b, "\n### %s\n\n", tag)
		table(&b, byTag[tag])
	}

	if *update {
		require.NoError(t, os.WriteFile("COVERAGE.md", b.Bytes(), 0o644))
		return
	}
	got, err := os.ReadFile("COVERAGE.md")
	require.NoError(t, err, "run go test ./peertube -run CoverageTable -update")
	if want := b.String(); string(got) != want {
		wantLines, gotLines := strings.Split(want, "\n"), strings.Split(string(got), "\n")
		i := 0
		for i < len(wantLines) && i < len(gotLines) && wantLines[i] == gotLines[i] {
			i++
		}
		line := func(lines []string) string {
			if i < len(lines) {
				return lines[i]
			}
			return "(end of file)"
		}
		t.Errorf("COVERAGE.md is stale: run go test ./peertube -run CoverageTable -update\nfirst difference at line %d:\n  file: %s\n  code: %s",
			i+1, line(gotLines), line(wantLines))
	}
}
