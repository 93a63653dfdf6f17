// Command fedserver is a minimal single-user federating server: one
// account that others can find, follow and read from Mastodon,
// GoToSocial or any ActivityPub server, and that posts what you type.
//
//	go run ./examples/fedserver -domain bot.example.org -listen 127.0.0.1:8080 -data bot.json
//
// It serves WebFinger, NodeInfo, the actor, its inbox (and a shared
// inbox), outbox, followers and following, and each post. Follows are
// accepted at once, or held for approval with -locked. Every activity it
// accepts or refuses is logged, with the reason. Posts come from -post
// and from standard input, one per line; a line starting with a slash is
// a command:
//
//	/pending           list the follow requests held for approval
//	/approve ACTOR     accept the follow request of ACTOR (an actor IRI)
//	/reject ACTOR      reject it
//
// The server speaks plain HTTP on -listen and names itself
// https://DOMAIN: put it behind a reverse proxy that terminates TLS for
// DOMAIN. For tests beside other servers on one machine, -insecure-http
// names it http://DOMAIN and lets it talk plain HTTP to others, and
// -allow-private lets it reach loopback and private addresses; neither
// belongs on the open internet.
//
// The data file keeps the account's private key, its followers and its
// posts, written after every change; without -data everything is lost
// when the server stops.
package main

import (
	"bufio"
	"context"
	"crypto"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/fedikit/fedikit/activitypub"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stderr))
}

// run runs the server until ctx is done and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stderr io.Writer) int {
	fs := flag.NewFlagSet("fedserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		domain    = fs.String("domain", "", "the server's host name (and :port, if not the default), as others reach it (required)")
		listen    = fs.String("listen", "127.0.0.1:8080", "address to serve plain HTTP on")
		user      = fs.String("user", "bot", "the account's user name")
		data      = fs.String("data", "", "file keeping the key, followers and posts (default: memory only)")
		locked    = fs.Bool("locked", false, "hold follow requests for approval (/approve ACTOR on stdin)")
		post      = fs.String("post", "", "a note to post to the followers once the server is up")
		plainHTTP = fs.Bool("insecure-http", false, "name the server http:// and talk plain HTTP to others (testing only)")
		allowLAN  = fs.Bool("allow-private", false, "fetch from and deliver to loopback and private addresses (testing only)")
		debug     = fs.Bool("debug", false, "log every fetch and delivery attempt")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: fedserver -domain HOST [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *domain == "" || strings.ContainsAny(*domain, "/@ ") || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if *user == "" || strings.ContainsAny(*user, "/@ ?#") {
		fmt.Fprintln(stderr, "fedserver: -user must be a plain name")
		return 2
	}

	level := slog.LevelInfo
	if *debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	scheme := "https"
	if *plainHTTP {
		scheme = "http"
	}
	actor := scheme + "://" + strings.ToLower(*domain) + "/users/" + *user
	st, err := loadState(*data, func() (crypto.Signer, error) {
		k, err := activitypub.GenerateRSAKey(actor, actor+"#main-key")
		if err != nil {
			return nil, err
		}
		return k.Signer, nil
	})
	if err != nil {
		log.Error("cannot load the data file", "error", err)
		return 1
	}
	srv, err := newServer(config{
		domain: strings.ToLower(*domain), user: *user, plainHTTP: *plainHTTP, allowLAN: *allowLAN, locked: *locked,
	}, st, log)
	if err != nil {
		log.Error("cannot start", "error", err)
		return 1
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Error("cannot listen", "error", err)
		return 1
	}
	if err := srv.serve(ctx, ln, stdin, *post); err != nil {
		log.Error("stopped", "error", err)
		return 1
	}
	return 0
}

// serve serves on ln, runs the delivery worker, posts first (if not
// empty) and reads commands from stdin, until ctx is done.
func (s *server) serve(ctx context.Context, ln net.Listener, stdin io.Reader, first string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	go func() { errc <- s.deliver.Run(ctx) }()
	s.log.Info("serving", "account", "@"+s.cfg.user+"@"+s.cfg.domain, "actor", s.actor, "listen", ln.Addr().String())

	if first != "" {
		if _, err := s.publish(ctx, first); err != nil {
			s.log.Error("cannot post", "error", err)
		}
	}
	if stdin != nil {
		go s.readCommands(ctx, stdin)
	}

	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	cancel()
	shutdown, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	if serr := hs.Shutdown(shutdown); err == nil && serr != nil {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

// readCommands posts each line of r, or runs it when it is a command.
func (s *server) readCommands(ctx context.Context, r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if err := s.command(ctx, line); err != nil {
			s.log.Error("command failed", "line", line, "error", err)
		}
	}
}

// command runs one line of input.
func (s *server) command(ctx context.Context, line string) error {
	cmd, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch cmd {
	case "/pending":
		list := s.st.pendingList()
		if len(list) == 0 {
			s.log.Info("no follow requests are pending")
		}
		for _, p := range list {
			s.log.Info("pending follow request", "actor", p.Actor)
		}
		return nil
	case "/approve", "/reject":
		if arg == "" {
			return fmt.Errorf("%s needs an actor IRI", cmd)
		}
		return s.approve(ctx, arg, cmd == "/approve")
	}
	if strings.HasPrefix(line, "/") {
		return fmt.Errorf("unknown command %s (try /pending, /approve ACTOR, /reject ACTOR)", cmd)
	}
	id, err := s.publish(ctx, line)
	if err == nil {
		s.log.Info("posted", "id", id)
	}
	return err
}
