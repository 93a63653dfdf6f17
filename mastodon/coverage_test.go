package mastodon

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

// docRoute is a route of the Mastodon documentation (testdata/routes.tsv).
type docRoute struct {
	method, path, page, anchor, status string
}

func (r docRoute) key() string { return r.method + " " + r.path }

// readDocRoutes reads testdata/routes.tsv.
func readDocRoutes(t *testing.T) []docRoute {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "routes.tsv"))
	require.NoError(t, err)
	defer f.Close()
	var routes []docRoute
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		require.Len(t, c, 5, line)
		routes = append(routes, docRoute{c[0], c[1], c[2], c[3], c[4]})
	}
	require.NoError(t, sc.Err())
	return routes
}

// routeLine is a route line of a doc comment: "// GET /api/v1/accounts/:id".
var routeLine = regexp.MustCompile(`^(GET|POST|PUT|PATCH|DELETE) (/\S*)$`)

// codeRoutes returns, for each route named in a doc comment of the
// package's functions, the functions that name it ("Accounts.Get").
func codeRoutes(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	out := make(map[string][]string)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Doc == nil {
				continue
			}
			who := fn.Name.Name
			if fn.Recv != nil && len(fn.Recv.List) == 1 {
				recv := fn.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok {
					who = strings.TrimSuffix(id.Name, "Service") + "." + who
				}
			}
			for _, c := range fn.Doc.List {
				text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
				if m := routeLine.FindStringSubmatch(text); m != nil {
					key := m[1] + " " + m[2]
					out[key] = append(out[key], who)
				}
			}
		}
	}
	return out
}

// leftOut are the documented routes this package does not cover on
// purpose, with the reason.
var leftOut = map[string]string{
	"POST /api/v1/media":                                  "deprecated: Media.Upload uses /api/v2/media",
	"GET /api/v1/accounts/:id/identity_proofs":            "deprecated: Keybase proofs are gone",
	"GET /api/proofs":                                     "removed in 3.5",
	"POST /api/v1/notifications/dismiss":                  "removed in 3.0: Notifications.Dismiss uses the :id route",
	"GET /api/v1/search":                                  "removed in 3.0: Search.Query uses /api/v2/search",
	"GET /api/v1/statuses/:id/card":                       "removed in 3.0: the card comes with the status",
	"GET /api/v1/timelines/direct":                        "deprecated in 3.0 and gone: use Conversations",
	"POST /api/v1/accounts/:id/pin":                       "deprecated: Accounts.Endorse uses it as a fallback",
	"POST /api/v1/accounts/:id/unpin":                     "deprecated: Accounts.Unendorse uses it as a fallback",
	"GET /api/v2_alpha/notifications":                     "the alpha of grouped notifications, superseded by /api/v2 in 4.3",
	"GET /api/v2_alpha/notifications/:group_key":          "the alpha of grouped notifications, superseded by /api/v2 in 4.3",
	"POST /api/v2_alpha/notifications/:group_key/dismiss": "the alpha of grouped notifications, superseded by /api/v2 in 4.3",
	"GET /api/v2_alpha/notifications/unread_count":        "the alpha of grouped notifications, superseded by /api/v2 in 4.3",
}

// TestRouteComments fails when a doc comment names a route the
// documentation does not know: a typo, or a route of a later version
// that routes.tsv must be updated for.
func TestRouteComments(t *testing.T) {
	t.Parallel()
	known := make(map[string]bool)
	for _, r := range readDocRoutes(t) {
		known[r.key()] = true
	}
	for route, funcs := range codeRoutes(t) {
		assert.True(t, known[route], "%s (in the doc comment of %s) is not a documented route", route, strings.Join(funcs, ", "))
	}
	for route := range leftOut {
		assert.True(t, known[route], "left-out route %s is not a documented route", route)
	}
}

// TestCoverageTable fails when COVERAGE.md is not what the code's route
// comments make of it; go test -run CoverageTable -update rewrites it.
func TestCoverageTable(t *testing.T) {
	t.Parallel()
	routes := readDocRoutes(t)
	code := codeRoutes(t)
	var b bytes.Buffer
	covered, total := 0, 0
	for _, r := range routes {
		if r.status == "current" {
			total++
			if len(code[r.key()]) > 0 {
				covered++
			}
		}
	}
	fmt.Fprintf(&b, "# Coverage of the Mastodon API\n\n")
	fmt.Fprintf(&b, "Generated by `go test -run CoverageTable -update` from the route lines of this\n")
	fmt.Fprintf(&b, "package's doc comments and the routes of the Mastodon documentation\n")
	fmt.Fprintf(&b, "(testdata/routes.tsv; see testdata/SOURCE-routes). Do not edit by hand.\n\n")
	fmt.Fprintf(&b, "**%d of %d** current documented routes are covered.\n\n", covered, total)
	page := ""
	for _, r := range routes {
		if r.page != page {
			page = r.page
			fmt.Fprintf(&b, "\n## %s\n\n| route | status | method |\n|---|---|---|\n", page)
		}
		status, by := "not yet", ""
		switch {
		case len(code[r.key()]) > 0:
			status = "covered"
			funcs := slices.Clone(code[r.key()])
			slices.Sort(funcs)
			by = "`" + strings.Join(slices.Compact(funcs), "`, `") + "`"
		case leftOut[r.key()] != "":
			status, by = "left out", leftOut[r.key()]
		case r.status != "current":
			status = r.status
		}
		if r.status != "current" && status == "covered" {
			status = "covered (" + r.status + ")"
		}
		fmt.Fprintf(&b, "| [`%s %s`](https://docs.joinmastodon.org/methods/%s/#%s) | %s | %s |\n",
			r.method, r.path, r.page, r.anchor, status, by)
	}
	if *update {
		require.NoError(t, os.WriteFile("COVERAGE.md", b.Bytes(), 0o644))
		return
	}
	got, err := os.ReadFile("COVERAGE.md")
	require.NoError(t, err, "run go test -run CoverageTable -update")
	assert.Equal(t, b.String(), string(got), "COVERAGE.md is stale: run go test ./mastodon -run CoverageTable -update")
}
