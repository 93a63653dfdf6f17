// Command crosspost announces the new videos of a PeerTube channel on a
// Mastodon account: for each video published publicly, one status with
// the title, the start of the description, the link to the video's page,
// hashtags made from its tags, and its thumbnail with alt text.
//
//	go run ./examples/crosspost -peertube https://videos.example -channel music \
//	    -mastodon https://social.example -mastodon-token-file token.txt
//
// The channel is named by its handle: "music" for a channel of the
// PeerTube server, "music@other.example" for one it federates with. The
// token file holds a Mastodon access token with the write:media and
// write:statuses scopes (read:statuses too for servers that ignore
// Idempotency-Key, such as GoToSocial), such as one made under
// Preferences > Development; keep it secret.
//
// crosspost polls the channel every -interval (5 minutes by default)
// until it is stopped with Ctrl-C; -once polls once and exits. Each poll
// reads the channel's 100 latest videos and announces, oldest first,
// those that are public and published and were not announced before.
// A video that is private, unlisted or still being processed is left for
// a later poll.
//
// A status looks like this (hashtags are made of the tags' letters and
// digits, words joined in CamelCase: "open source" becomes #OpenSource;
// a tag without a letter is left out):
//
//	Spring concert
//
//	The choir sings Vivaldi and Pärt in the old town hall.
//
//	https://videos.example/w/kkGMgK9ZtnKfYAgnEtQxbv
//
//	#Music #ClassicalMusic #Choir
//
// with the thumbnail attached, described as "Thumbnail of Spring
// concert". A status longer than the server allows loses the end of its
// sentence, then its hashtags.
//
// # Never twice
//
// The state file (-state, default crosspost-state.json) records the UUID
// of every video announced, with the status made; it is rewritten after
// each post. A video in it is never announced again. If crosspost dies
// after a post and before the state is saved, the next run posts the
// video again with the same Idempotency-Key (derived from the video's
// UUID), and Mastodon (or Pleroma, Akkoma) answers with the status
// already made instead of making a second one. Mastodon keeps these keys
// for an hour; on GoToSocial, which ignores them, crosspost looks for the
// status among the account's latest ones instead.
//
// To start on a channel that already has videos without announcing them
// all, run with -dry-run first to see what would be posted.
//
// # Trying it first
//
// -dry-run posts nothing, saves nothing and needs no token: it prints the
// statuses that would be posted, with the thumbnail's address and alt
// text.
//
// Log lines go to standard error (-v adds debug lines); each status
// posted is printed on standard output with its address. The exit status
// is 0 on success (and when stopped with Ctrl-C), 1 on failure (of the
// poll, with -once) and 2 when the command line is wrong.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/fedikit/fedikit/mastodon"
	"github.com/fedikit/fedikit/peertube"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// userAgent names the program to both servers.
const userAgent = "fedikit-crosspost"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, env{})
	stop()
	os.Exit(code)
}

// env is what run takes from its surroundings beside the command line.
// main passes the zero value; tests fill it to reach fake servers.
type env struct {
	// peertube and mastodon are the options the clients start from (run
	// sets the token, the logger and the User-Agent): tests allow
	// loopback and plain http here.
	peertube peertube.Options
	mastodon mastodon.Options
}

// config is what the command line asks for.
type config struct {
	peertube  string
	channel   string
	mastodon  string
	tokenFile string
	state     string
	dryRun    bool
	once      bool
	interval  time.Duration
	verbose   bool
}

// run is the whole command. It returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, e env) int {
	var c config
	fs := flag.NewFlagSet("crosspost", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage:
  crosspost -peertube URL -channel HANDLE -mastodon URL -mastodon-token-file FILE
            [-state FILE] [-interval DURATION] [-once] [-dry-run] [-v]

crosspost announces each new public video of a PeerTube channel on a Mastodon
account, once: title, first sentence of the description, link, hashtags from
the tags, and the thumbnail with alt text. It polls the channel every -interval
until stopped, or once with -once. The state file remembers what was announced.

Flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.peertube, "peertube", "", "the PeerTube server's `URL`, such as https://videos.example (required)")
	fs.StringVar(&c.channel, "channel", "", "the channel's `handle`, such as music or music@videos.example (required)")
	fs.StringVar(&c.mastodon, "mastodon", "", "the Mastodon server's `URL`, such as https://social.example (required)")
	fs.StringVar(&c.tokenFile, "mastodon-token-file", "", "the `file` holding the Mastodon access token (required unless -dry-run)")
	fs.StringVar(&c.state, "state", "crosspost-state.json", "the state `file`: the videos announced, so that none is announced twice")
	fs.DurationVar(&c.interval, "interval", 5*time.Minute, "the `time` between two polls")
	fs.BoolVar(&c.once, "once", false, "poll once and exit")
	fs.BoolVar(&c.dryRun, "dry-run", false, "post and save nothing: print the statuses that would be posted")
	fs.BoolVar(&c.verbose, "v", false, "log debug lines too")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage // the flag package has said why
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "crosspost: "+format+"\n", a...)
		fmt.Fprintln(stderr, "Run crosspost -h for help.")
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		return usageError("unexpected argument %q", fs.Arg(0))
	case c.peertube == "":
		return usageError("-peertube is required")
	case c.channel == "":
		return usageError("-channel is required")
	case c.mastodon == "":
		return usageError("-mastodon is required")
	case c.tokenFile == "" && !c.dryRun:
		return usageError("-mastodon-token-file is required (or -dry-run)")
	case c.state == "":
		return usageError("-state needs a file name")
	case c.interval < time.Second:
		return usageError("-interval must be at least a second, not %v", c.interval)
	case c.channel == "." || c.channel == ".." || strings.ContainsAny(c.channel, "/?#"):
		return usageError("%q is not a channel handle", c.channel)
	}
	if _, err := peertube.NewClient(c.peertube, nil); err != nil {
		return usageError("-peertube: %v", err)
	}
	if _, err := mastodon.NewClient(c.mastodon, nil); err != nil {
		return usageError("-mastodon: %v", err)
	}
	token := ""
	if c.tokenFile != "" {
		b, err := os.ReadFile(c.tokenFile)
		if err != nil {
			return usageError("reading -mastodon-token-file: %v", err)
		}
		if token = strings.TrimSpace(string(b)); token == "" {
			return usageError("the token file %s is empty", c.tokenFile)
		}
	}

	level := slog.LevelInfo
	if c.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	p, err := newPoster(ctx, c, e, token, log, stdout)
	if err != nil {
		log.ErrorContext(ctx, err.Error())
		return exitFailure
	}
	if c.once {
		if err := p.poll(ctx); err != nil {
			log.ErrorContext(ctx, err.Error())
			return exitFailure
		}
		return exitOK
	}

	log.InfoContext(ctx, "polling", "channel", c.channel, "every", c.interval)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			log.InfoContext(ctx, "stopped")
			return exitOK
		case <-timer.C:
		}
		if err := p.poll(ctx); err != nil && ctx.Err() == nil {
			// The next poll tries again.
			log.ErrorContext(ctx, err.Error())
		}
		timer.Reset(c.interval)
	}
}
