// Command announcer is a posting bot for an institution: it posts the
// Markdown files of a directory to a Mastodon account, each file once, as
// one status, or as a thread when the text is too long for one.
//
// First, once, sign in: announcer registers itself as an application on
// the server, prints an address to open in a browser, and reads the code
// the server shows after you authorize it (with PKCE where the server
// offers it, Mastodon 4.3 and later). It keeps the application and the
// token in the credentials file (-credentials, default
// announcer-credentials.json), readable by you only; keep it secret.
//
//	go run ./examples/announcer -server https://social.example -login
//
// Then post whatever in the directory was not posted yet, in the order of
// the file names:
//
//	go run ./examples/announcer -server https://social.example -dir announcements/
//
// # Files
//
// Every *.md file of the directory (not of its subdirectories) is an
// announcement. It may start with front matter between two "---" lines,
// one "key: value" a line:
//
//	---
//	visibility: public
//	language: en
//	cw: Building works
//	schedule: 2025-09-01T09:00:00+02:00
//	image: img/plan.png | Map of the campus: the north entrance is closed, use the west gate.
//	---
//	# North entrance closed
//
//	From **1 September** the north entrance is closed for works.
//	Details on [our website](https://uni.example/works).
//
// visibility is public, unlisted, private or direct (default: the
// account's default); language is the text's ISO 639 code; cw is a
// content warning; schedule, an RFC 3339 time, schedules the post
// instead of posting it now (a scheduled post must fit in one status);
// image attaches a picture (up to four lines), its path relative to the
// Markdown file, then "|" and its alt text, which is required: a picture
// without a description, or with one longer than the server allows
// (1500 characters unless it says otherwise), is refused.
//
// The body is turned into the plain text Mastodon expects: paragraphs
// are kept, a heading becomes its text, list items become lines starting
// with "• " (numbered items keep their number), bold and italic markers
// are removed, and a link [text](url) becomes "text (url)". Mentions,
// hashtags and links are recognised by the server, as in any status.
//
// A text that fits in one status, content warning included, as the
// server counts it, is posted as one; a longer one is split into a
// thread at paragraph, line, sentence or word boundaries, each part
// marked " 1/3", " 2/3"… and replying to the one before. Images go on the
// first part.
//
// If a file cannot be posted (an image without alt text, say), nothing is
// posted at all: every error is listed, so that they can be fixed at
// once.
//
// # State
//
// The state file (-state, default announcer-state.json) remembers, for
// each file name, the SHA-256 of its content, the parts it was split into,
// the idempotency key of each part and the ids of the statuses posted. It
// is rewritten (atomically) after every status, so that:
//
//   - a file already posted is never posted again, even if it was touched;
//   - a file whose content changed after it was posted (or partly
//     posted) is reported and skipped, unless -repost-changed is given
//     (then it is posted anew); a file that failed before any of it was
//     posted may be fixed and is planned again;
//   - a thread that stopped halfway (a server error, a lost connection,
//     Ctrl-C) is resumed by the next run where it stopped, with the same
//     parts, as replies to the statuses already posted.
//
// It is JSON; here, a thread stopped after two of its three parts:
//
//	{
//	  "server": "https://social.example/",
//	  "files": {
//	    "2025-09-02-library.md": {
//	      "sha256": "3f1c…",
//	      "parts": ["… 1/3", "… 2/3", "… 3/3"],
//	      "progress": {"posted": ["1131…", "1131…"], "keys": ["9b2e…", "c04a…", "51d7…"]},
//	      "done": false
//	    }
//	  }
//	}
//
// Deleting a file's entry makes the next run post the file again.
//
// # Trying it first
//
// -dry-run posts nothing and needs no credentials: it prints what would
// be posted, each part with its length as the server counts it, and the
// images with their alt text. It still asks the server for its limits;
// if the server cannot be reached it uses Mastodon's defaults and says
// so.
//
// # Example session
//
//	$ announcer -server https://social.example -login
//	Open this address in a browser, sign in with the account to post from,
//	and authorize the application:
//
//	    https://social.example/oauth/authorize?client_id=…&code_challenge=…&code_challenge_method=S256&…
//
//	Then paste the code the server shows: 9c1f…
//	Logged in as @news@social.example; credentials saved in announcer-credentials.json.
//
//	$ announcer -server https://social.example -dir announcements/ -dry-run
//	2025-09-01-works.md: 1 status scheduled for 2025-09-01T09:00:00+02:00, visibility public, language en, content warning "Building works"
//	  image announcements/img/plan.png: "Map of the campus: the north entrance is closed, use the west gate." (67/1500 chars)
//	  [1/1] 145/500 chars
//	      North entrance closed
//
//	      From 1 September the north entrance is closed for works. Details on our website (https://uni.example/works).
//
//	2025-09-02-library.md: a thread of 3 statuses, visibility public, language en
//	  [1/3] 487/500 chars
//	      …
//	  [2/3] 462/500 chars
//	      …
//	  [3/3] 210/500 chars
//	      …
//
//	$ announcer -server https://social.example -dir announcements/
//	time=… level=INFO msg=posting account=news files=2
//	time=… level=INFO msg=uploaded file=2025-09-01-works.md image=announcements/img/plan.png id=1130…
//	scheduled 2025-09-01-works.md for 2025-09-01T09:00:00+02:00 (scheduled status 42)
//	time=… level=INFO msg=posted file=2025-09-02-library.md part=1/3 id=1131…
//	time=… level=INFO msg=posted file=2025-09-02-library.md part=2/3 id=1131…
//	time=… level=INFO msg=posted file=2025-09-02-library.md part=3/3 id=1131…
//	posted 2025-09-02-library.md (3 statuses): https://social.example/@news/1131…
//
//	$ announcer -server https://social.example -dir announcements/
//	time=… level=INFO msg="nothing to post" dir=announcements/
//
// Log lines go to standard error (-v adds debug lines). The exit status
// is 0 on success, 1 on failure and 2 when the command line is wrong.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/fedikit/fedikit/mastodon"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// appName is the application's name on the server, shown under posts.
const appName = "announcer"

// appScopes are the OAuth scopes asked for: read, to check the token and
// find a post whose outcome was unknown; write, to upload and post.
func appScopes() []string { return []string{"read", "write"} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, env{})
	stop()
	os.Exit(code)
}

// env is what run takes from its surroundings beside the command line.
// main passes the zero value; tests fill it to reach a fake server.
type env struct {
	// client are the options every client starts from (the token, the
	// logger and the User-Agent are set by run): tests allow loopback
	// and plain http here.
	client mastodon.Options
	// mediaPoll is the first wait between two polls of an upload still
	// being processed; zero is the package's default.
	mediaPoll time.Duration
}

// config is what the command line asks for.
type config struct {
	server        string
	login         bool
	credentials   string
	dir           string
	state         string
	dryRun        bool
	repostChanged bool
	verbose       bool
}

// run is the whole command. It returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, e env) int {
	var c config
	fs := flag.NewFlagSet("announcer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage:
  announcer -server URL -login [-credentials FILE]
  announcer -server URL -dir DIR [-state FILE] [-credentials FILE] [-dry-run] [-repost-changed]

announcer posts each Markdown file of DIR to a Mastodon account once, as one
status or as a thread, and remembers what it posted in the state file.
Run it with -login first to authorize it; -dry-run shows what would be posted.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.server, "server", "", "the Mastodon server's `URL`, such as https://social.example (required)")
	fs.BoolVar(&c.login, "login", false, "register the application and sign in; saves the credentials file")
	fs.StringVar(&c.credentials, "credentials", "announcer-credentials.json", "the credentials `file` (application and token; keep it secret)")
	fs.StringVar(&c.dir, "dir", "", "the `directory` of Markdown files to post")
	fs.StringVar(&c.state, "state", "announcer-state.json", "the state `file`: what was posted, for resuming and not posting twice")
	fs.BoolVar(&c.dryRun, "dry-run", false, "post nothing: print each status with its length, and the images")
	fs.BoolVar(&c.repostChanged, "repost-changed", false, "post again the files whose content changed since they were posted")
	fs.BoolVar(&c.verbose, "v", false, "log debug lines too")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // the flag package has said why
	}
	usageError := func(msg string) int {
		fmt.Fprintln(stderr, "announcer: "+msg)
		fmt.Fprintln(stderr, "Run announcer -h for help.")
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case c.server == "":
		return usageError("-server is required")
	case c.login && c.dir != "":
		return usageError("-login and -dir go separately: sign in first, then post")
	case !c.login && c.dir == "":
		return usageError("give -login to sign in, or -dir to post a directory")
	case c.login && (c.dryRun || c.repostChanged):
		return usageError("-dry-run and -repost-changed go with -dir, not -login")
	case c.credentials == "" || c.state == "":
		return usageError("-credentials and -state need a file name")
	}

	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	var err error
	if c.login {
		err = login(ctx, c, e, log, stdin, stdout)
	} else {
		err = announce(ctx, c, e, log, stdout)
	}
	if err != nil {
		log.ErrorContext(ctx, err.Error())
		return exitFailure
	}
	return exitOK
}

// newClient returns a client of the server, with token if not empty.
func newClient(c config, e env, log *slog.Logger, token string) (*mastodon.Client, error) {
	opts := e.client
	opts.AccessToken = token
	opts.Logger = log
	opts.UserAgent = "fedikit-announcer"
	return mastodon.NewClient(c.server, &opts)
}

// login registers the application (once per credentials file), runs the
// authorization code flow with the code pasted on stdin, and saves the
// token.
func login(ctx context.Context, c config, e env, log *slog.Logger, stdin io.Reader, stdout io.Writer) error {
	client, err := newClient(c, e, log, "")
	if err != nil {
		return err
	}
	server := client.BaseURL().String()
	creds, err := loadCredentials(c.credentials)
	if err != nil {
		return err
	}
	if creds != nil && creds.Server != server {
		return fmt.Errorf("%s holds the credentials of %s, not of %s: choose another file with -credentials", c.credentials, creds.Server, server)
	}
	if creds == nil || creds.App == nil || creds.App.ClientID == "" {
		app, _, err := client.Apps.Create(ctx, &mastodon.AppOptions{
			ClientName:   appName,
			RedirectURIs: []string{mastodon.RedirectOOB},
			Scopes:       appScopes(),
		})
		if err != nil {
			return fmt.Errorf("registering the application: %w", err)
		}
		// Saved at once, so that a login that fails later does not
		// register another application next time.
		creds = &credentials{Server: server, App: app}
		if err := creds.save(c.credentials); err != nil {
			return err
		}
		log.InfoContext(ctx, "registered the application", "server", server, "file", c.credentials)
	} else {
		log.InfoContext(ctx, "using the application registered before", "file", c.credentials)
	}

	pkce := false
	md, _, err := client.OAuth.ServerMetadata(ctx)
	switch {
	case errors.Is(err, mastodon.ErrNotSupported):
		log.WarnContext(ctx, "the server publishes no OAuth metadata (Mastodon before 4.3): signing in without PKCE")
	case err != nil:
		return fmt.Errorf("reading the server's OAuth metadata: %w", err)
	case !md.SupportsPKCE():
		log.WarnContext(ctx, "the server does not offer PKCE (S256): signing in without it")
	default:
		pkce = true
	}

	cfg := client.OAuth.Config(creds.App, mastodon.RedirectOOB, appScopes()...)
	var verifier string
	var opts []oauth2.AuthCodeOption
	if pkce {
		verifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(verifier))
	}
	link := cfg.AuthCodeURL(rand.Text(), opts...)
	fmt.Fprintf(stdout, "Open this address in a browser, sign in with the account to post from,\nand authorize the application:\n\n    %s\n\nThen paste the code the server shows: ", link)
	code, err := readLine(ctx, stdin)
	if err != nil {
		return fmt.Errorf("reading the code: %w", err)
	}
	if code == "" {
		return errors.New("no code was given")
	}
	tok, err := client.OAuth.Exchange(ctx, cfg, code, verifier)
	if err != nil {
		return err
	}
	creds.Token = tok
	if err := creds.save(c.credentials); err != nil {
		return err
	}

	authed, err := newClient(c, e, log, tok.AccessToken)
	if err != nil {
		return err
	}
	me, _, err := authed.Accounts.VerifyCredentials(ctx)
	if err != nil {
		return fmt.Errorf("the token was saved in %s, but checking it failed: %w", c.credentials, err)
	}
	fmt.Fprintf(stdout, "\nLogged in as @%s@%s; credentials saved in %s.\n", me.Acct, client.BaseURL().Host, c.credentials)
	return nil
}

// readLine reads one line of r, trimmed, or gives up when ctx ends.
func readLine(ctx context.Context, r io.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		if errors.Is(err, io.EOF) && line != "" {
			err = nil
		}
		ch <- result{strings.TrimSpace(line), err}
	}()
	select {
	case res := <-ch:
		return res.line, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
