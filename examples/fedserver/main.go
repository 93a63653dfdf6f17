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
// # Where the state goes
//
// By default the server keeps everything in memory, and loses it when it
// stops. With -data FILE, a JSON file keeps the account's private key,
// its followers, the follow requests held and the posts, written after
// every change; the queue of deliveries, the activities seen and the
// cache of remote keys stay in memory.
//
// With -postgres URL, PostgreSQL keeps all of it, and -data is refused:
//
//	go run ./examples/fedserver -domain bot.example.org -postgres 'postgres://fedserver@localhost/fedserver'
//
// URL is a pgx connection string, a URL or key=value pairs; the password
// may come from PGPASSWORD or ~/.pgpass instead. At start-up the server
// creates or updates the tables of the pgstore module (River's river_*
// tables and pgstore's fedikit_*) and its own:
//
//   - fedserver_posts: the posts;
//   - fedserver_pending: the follow requests held for approval;
//   - fedikit_actor_keys: the account's private key, made the first time
//     (unencrypted: protect the database and its backups);
//   - fedikit_followers: the followers;
//   - river_job: the deliveries, worked by River; a post and its
//     deliveries are stored in one transaction, so that a restart or a
//     crash loses none;
//   - fedikit_seen: the ids of the activities received, to drop those
//     delivered twice;
//   - fedikit_key_cache: the public keys of other actors.
//
// The delivery queue prunes the seen activities and the key cache every
// hour. On SIGINT or SIGTERM the deliveries in flight get ten seconds to
// finish; those that do not are tried again after the restart.
package main

import (
	"bufio"
	"context"
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
	"sync"
	"syscall"
	"time"
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
		pgURL     = fs.String("postgres", "", "keep all the state in PostgreSQL at this pgx connection `URL`\n(the password may come from PGPASSWORD or ~/.pgpass); excludes -data")
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
	if *pgURL != "" && *data != "" {
		fmt.Fprintln(stderr, "fedserver: -data and -postgres exclude each other: with -postgres, everything is kept in the database")
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
	var st state
	if *pgURL != "" {
		pg, err := openPGState(ctx, *pgURL, actor, log)
		if err != nil {
			log.Error("cannot open the PostgreSQL database", "error", err)
			return 1
		}
		defer pg.close()
		st = pg
	} else {
		fst, err := loadState(*data, actor)
		if err != nil {
			log.Error("cannot load the data file", "error", err)
			return 1
		}
		st = fst
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

// serve serves on ln, works the deliveries, posts first (if not empty)
// and reads commands from stdin, until ctx is done. It returns once the
// delivery work has stopped.
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
	var work sync.WaitGroup
	go func() { errc <- hs.Serve(ln) }()
	work.Go(func() { errc <- s.st.work(ctx, s.deliver) })
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
	work.Wait()
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
		list, err := s.st.pendingList(ctx)
		if err != nil {
			return err
		}
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
