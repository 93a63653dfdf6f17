// Command moderator is a small moderation bot for the administrators and
// moderators of a Mastodon server: it lists and shows reports, resolves
// them, and blocks domains, through the server's admin API.
//
//	go run ./examples/moderator -server https://social.example -token-file TOKENFILE reports
//
// # Token
//
// It needs an access token with the admin:read and admin:write scopes
// (or the narrower admin:read:reports, admin:write:reports,
// admin:read:domain_blocks and admin:write:domain_blocks), of an account
// whose role has the Manage Reports permission (for reports) and the
// Manage Federation permission (for domain blocks). Make one in the web
// interface under Preferences › Development › New application, ticking
// those scopes. The token is read from the first line of the file named by
// -token-file, or else from the MASTODON_TOKEN environment variable; it
// is never printed. When the server answers 403 Forbidden, moderator says
// which scopes and permission were missing.
//
// # Commands
//
//	reports [-all]
//	    lists the open reports, newest first: id, age, reporter, reported
//	    account, category, the ids of the rules cited, the reporter's
//	    comment (its first 200 characters), the number of statuses
//	    attached, and the moderator the report is assigned to. -all adds
//	    the resolved reports, after the open ones. Every page of the list
//	    is read.
//	report ID
//	    prints one report in full, with the text of the statuses attached
//	    to it (their HTML turned into plain text).
//	resolve ID
//	    assigns the report to the token's account, then marks it resolved,
//	    taking no action against the reported account. A report already
//	    resolved is left alone. (-note is refused: Mastodon's API has no
//	    way to attach a note to a report; write it on the report's page
//	    of the web interface.)
//	block-domain DOMAIN -severity suspend|silence|noop [-public-comment TEXT] [-private-comment TEXT] [-reject-media] [-reject-reports]
//	    blocks federation with DOMAIN and its subdomains: suspend refuses
//	    everything from it, silence hides its accounts from those who do
//	    not follow them, noop only carries -reject-media (refuse its media
//	    files) and -reject-reports (ignore its reports). The public comment
//	    may be shown on the server's About page; the private one is for
//	    moderators. If the server refuses the block because one already
//	    covers the domain (its own, or one of a domain above it),
//	    moderator says so, with the existing block's severity, and exits
//	    with status 0.
//
// # Flags
//
// These go before or after the command:
//
//	-server URL
//	    the server, such as https://social.example (required).
//	-token-file FILE
//	    the file holding the token on its first line; without it, the
//	    MASTODON_TOKEN environment variable.
//	-dry-run
//	    send no change: resolve and block-domain print what they would
//	    do, and only read (the report; the existing domain blocks).
//
// # Examples
//
//	$ moderator -server https://social.example -token-file ~/.mod-token reports
//	ID  AGE  REPORTER  TARGET             CATEGORY   RULES  STATUSES  ASSIGNED  COMMENT
//	41  2h   @ann      @spam@bad.example  spam       -      3         -         Sells pills in every reply
//	40  3d   @bob      @troll             violation  2,4    1         @mod      Harassment of @ann
//
//	$ moderator -server https://social.example -token-file ~/.mod-token -dry-run resolve 41
//	dry run: would assign report 41 to yourself and resolve it (spam, @ann against @spam@bad.example; assigned now to nobody)
//
//	$ moderator -server https://social.example -token-file ~/.mod-token resolve 41
//	resolved report 41 (spam, @ann against @spam@bad.example), assigned to @mod, at 2025-09-02 10:14 UTC
//
//	$ moderator -server https://social.example -token-file ~/.mod-token block-domain bad.example -severity suspend -reject-media -public-comment Spam
//	blocked bad.example: severity suspend, media rejected (block 12)
//
//	$ moderator -server https://social.example -token-file ~/.mod-token block-domain bad.example -severity silence
//	bad.example is already blocked: severity suspend, media rejected, since 2025-09-02 10:15 UTC (block 12)
//
// The exit status is 0 on success, 1 on failure and 2 when the command
// line is wrong.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/idna"

	"github.com/fedikit/fedikit/mastodon"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// tokenEnv is the environment variable read when there is no -token-file.
const tokenEnv = "MASTODON_TOKEN"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], env{getenv: os.Getenv}, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what run takes from its surroundings beside the command line.
// main fills getenv; tests also set client, to reach an httptest server,
// and now, for stable ages.
type env struct {
	// getenv reads the environment; nil reads nothing.
	getenv func(string) string
	// client are the options every client starts from; run sets the
	// token and the User-Agent.
	client mastodon.Options
	// now is the clock for the ages of reports; nil is time.Now.
	now func() time.Time
}

// globals are the flags that go before or after the command.
type globals struct {
	server    string
	tokenFile string
	dryRun    bool
}

// register adds the global flags to fs. Their defaults are the values
// already parsed, so that a second flag set (the command's, which also
// takes them) keeps what the first one read.
func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.server, "server", g.server, "")
	fs.StringVar(&g.tokenFile, "token-file", g.tokenFile, "")
	fs.BoolVar(&g.dryRun, "dry-run", g.dryRun, "")
}

// usage is the help text.
const usage = `Usage:
  moderator [flags] reports [-all]
  moderator [flags] report ID
  moderator [flags] resolve ID
  moderator [flags] block-domain DOMAIN -severity suspend|silence|noop
      [-public-comment TEXT] [-private-comment TEXT] [-reject-media] [-reject-reports]

moderator lists, shows and resolves the reports of a Mastodon server, and
blocks domains, through its admin API.

Commands:
  reports        list the open reports, newest first (-all: the resolved ones too)
  report ID      show one report in full, with the text of its statuses
  resolve ID     assign the report to yourself and mark it resolved (without
                 a note: Mastodon's API cannot store one, so -note is refused)
  block-domain   block federation with DOMAIN and its subdomains; a domain
                 already blocked is reported, with the block's severity

Flags (before or after the command):
  -server URL        the server, such as https://social.example (required)
  -token-file FILE   the file whose first line is the access token
                     (default: the MASTODON_TOKEN environment variable)
  -dry-run           change nothing: resolve and block-domain print what
                     they would do, and only read

The token needs the admin:read and admin:write scopes, and its account a role
with the Manage Reports permission (reports) and the Manage Federation
permission (domain blocks).

Exit status: 0 success (also: domain already blocked), 1 failure, 2 usage.
`

// command is a parsed command line.
type command struct {
	name string
	arg  string // the report ID or the domain

	all bool // reports

	// block-domain
	severity       string
	publicComment  string
	privateComment string
	rejectMedia    bool
	rejectReports  bool
}

// run is the whole command. It returns the exit status.
func run(ctx context.Context, args []string, e env, stdout, stderr io.Writer) int {
	var g globals
	cmd, err := parseArgs(args, &g)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stderr, usage)
		return exitOK
	}
	usageError := func(err error) int {
		fmt.Fprintln(stderr, "moderator:", err)
		fmt.Fprintln(stderr, "Run moderator -h for help.")
		return exitUsage
	}
	if err != nil {
		return usageError(err)
	}

	getenv := e.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	if g.tokenFile == "" && strings.TrimSpace(getenv(tokenEnv)) == "" {
		return usageError(errors.New("no token: give -token-file FILE (the token on its first line) or set " + tokenEnv))
	}
	token, err := readToken(g.tokenFile, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "moderator:", err)
		return exitFailure
	}
	opts := e.client
	opts.AccessToken = token
	opts.TokenSource = nil
	opts.UserAgent = "fedikit-moderator"
	client, err := mastodon.NewClient(g.server, &opts)
	if err != nil {
		return usageError(fmt.Errorf("-server: %w", err))
	}

	now := e.now
	if now == nil {
		now = time.Now
	}
	m := &moderator{client: client, out: stdout, dryRun: g.dryRun, now: now}
	switch cmd.name {
	case "reports":
		err = m.reports(ctx, cmd.all)
	case "report":
		err = m.report(ctx, cmd.arg)
	case "resolve":
		err = m.resolve(ctx, cmd.arg)
	case "block-domain":
		err = m.blockDomain(ctx, cmd)
	}
	if err != nil {
		fmt.Fprintln(stderr, "moderator:", explain(err, cmd.name))
		return exitFailure
	}
	return exitOK
}

// parseArgs reads the command line into g and the command. The error is
// flag.ErrHelp for -h, or says what is wrong.
func parseArgs(args []string, g *globals) (*command, error) {
	fs := flag.NewFlagSet("moderator", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints the errors, and the usage for -h
	g.register(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		return nil, errors.New("no command: give reports, report, resolve or block-domain")
	}
	c := &command{name: fs.Arg(0)}
	sub := flag.NewFlagSet(c.name, flag.ContinueOnError)
	sub.SetOutput(io.Discard)
	g.register(sub)
	var note string // refused, but recognised so as to say why
	nArgs := 1      // positional arguments the command takes
	switch c.name {
	case "reports":
		nArgs = 0
		sub.BoolVar(&c.all, "all", false, "")
	case "report":
	case "resolve":
		sub.StringVar(&note, "note", "", "")
	case "block-domain":
		sub.StringVar(&c.severity, "severity", "", "")
		sub.StringVar(&c.publicComment, "public-comment", "", "")
		sub.StringVar(&c.privateComment, "private-comment", "", "")
		sub.BoolVar(&c.rejectMedia, "reject-media", false, "")
		sub.BoolVar(&c.rejectReports, "reject-reports", false, "")
	default:
		return nil, fmt.Errorf("unknown command %q: give reports, report, resolve or block-domain", c.name)
	}
	pos, err := parseInterspersed(sub, fs.Args()[1:])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.name, err)
	}
	noteGiven := false
	sub.Visit(func(f *flag.Flag) { noteGiven = noteGiven || f.Name == "note" })
	switch {
	case len(pos) > nArgs:
		return nil, fmt.Errorf("%s: unexpected argument %q", c.name, pos[nArgs])
	case len(pos) < nArgs && c.name == "block-domain":
		return nil, errors.New("block-domain needs a DOMAIN")
	case len(pos) < nArgs:
		return nil, fmt.Errorf("%s needs a report ID", c.name)
	case nArgs == 1:
		c.arg = strings.TrimSpace(pos[0])
	}
	if g.server == "" {
		return nil, errors.New("-server is required, such as -server https://social.example")
	}

	switch c.name {
	case "report", "resolve":
		if c.arg == "" {
			return nil, fmt.Errorf("%s needs a report ID", c.name)
		}
		if noteGiven {
			return nil, errors.New("resolve: -note cannot be sent: Mastodon's API has no way to attach a note to a report " +
				"(write it on the report's page of the web interface); nothing was done")
		}
	case "block-domain":
		d, err := normalizeDomain(c.arg)
		if err != nil {
			return nil, err
		}
		c.arg = d
		switch mastodon.AdminDomainBlockSeverity(c.severity) {
		case mastodon.AdminDomainBlockSuspend, mastodon.AdminDomainBlockSilence, mastodon.AdminDomainBlockNoop:
		case "":
			return nil, errors.New("block-domain needs -severity suspend, silence or noop")
		default:
			return nil, fmt.Errorf("block-domain: -severity is suspend, silence or noop, not %q", c.severity)
		}
	}
	return c, nil
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments, and returns the positional arguments. "--"
// ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" && !takesValue(fs, args[:used-1]) {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// takesValue reports whether the last of the arguments args is a flag
// that takes the next argument as its value (such as -note before "--").
func takesValue(fs *flag.FlagSet, args []string) bool {
	if len(args) == 0 {
		return false
	}
	name := strings.TrimLeft(args[len(args)-1], "-")
	if name == "" || strings.Contains(name, "=") || !strings.HasPrefix(args[len(args)-1], "-") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// normalizeDomain checks that s is a bare domain name, such as
// spam.example, and returns it in lower case and in ASCII (Punycode).
func normalizeDomain(s string) (string, error) {
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
	if d == "" {
		return "", errors.New("block-domain needs a DOMAIN")
	}
	notInName := func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("/:@?#[]\\", r)
	}
	if strings.ContainsFunc(d, notInName) || strings.HasPrefix(d, ".") || strings.Contains(d, "..") {
		return "", fmt.Errorf("block-domain: %q is not a domain name: give the bare name, such as spam.example", s)
	}
	// Mastodon keeps domains in ASCII (Punycode), so the dry run compares
	// them in that form.
	ace, err := idna.Punycode.ToASCII(d)
	if err != nil {
		return "", fmt.Errorf("block-domain: %q is not a domain name: %w", s, err)
	}
	return ace, nil
}

// readToken returns the token: the first line of file if it is given,
// else the environment variable. It never puts the token in an error.
func readToken(file string, getenv func(string) string) (string, error) {
	where := tokenEnv
	var token string
	if file == "" {
		token = getenv(tokenEnv)
	} else {
		where = file
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("reading the token: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
		sc.Buffer(make([]byte, 0, 4096), 64<<10)
		if sc.Scan() {
			token = strings.TrimPrefix(sc.Text(), "\uFEFF")
		}
		if err := sc.Err(); err != nil {
			return "", fmt.Errorf("reading the token from %s: %w", file, err)
		}
	}
	token = strings.TrimSpace(token)
	switch {
	case token == "" && file != "":
		return "", fmt.Errorf("%s: the first line is empty; it should hold the access token", file)
	case token == "":
		return "", fmt.Errorf("no token: %s is empty", tokenEnv)
	case strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "", fmt.Errorf("%s: the token holds spaces or control characters; it should be the access token alone", where)
	}
	return token, nil
}

// explain adds to err what a moderator can do about it.
func explain(err error, cmd string) string {
	var need string
	switch cmd {
	case "block-domain":
		need = "the admin:read and admin:write scopes (or admin:read:domain_blocks and admin:write:domain_blocks), " +
			"and its account a role with the Manage Federation permission"
	default:
		need = "the admin:read and admin:write scopes (or admin:read:reports and admin:write:reports), " +
			"and its account a role with the Manage Reports permission"
	}
	switch {
	case errors.Is(err, mastodon.ErrForbidden):
		return fmt.Sprintf("%v\nThe server refused the token: it needs %s.", err, need)
	case errors.Is(err, mastodon.ErrUnauthorized):
		return fmt.Sprintf("%v\nThe token is not valid (mistyped, expired or revoked).", err)
	case errors.Is(err, mastodon.ErrNotSupported):
		return fmt.Sprintf("%v\nThis server does not offer that part of Mastodon's admin API.", err)
	}
	return err.Error()
}
