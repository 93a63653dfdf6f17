package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fedikit/fedikit/activitypub"
	"github.com/fedikit/fedikit/activitypub/nodeinfo"
	"github.com/fedikit/fedikit/httpsig"
	"github.com/fedikit/fedikit/internal/version"
	"github.com/fedikit/fedikit/webfinger"
)

// config is what the command line sets.
type config struct {
	domain    string // host[:port] the server is known by
	user      string
	plainHTTP bool // http:// URLs, and plain http to others
	allowLAN  bool // fetch from and deliver to loopback and private addresses
	locked    bool // hold follow requests for approval
	tls       *tls.Config
}

// server is the single-user federating server.
type server struct {
	cfg     config
	base    string // https://domain
	actor   string // base + /users/<user>
	key     *activitypub.ActorKey
	st      state
	log     *slog.Logger
	fetcher *activitypub.Fetcher
	deliver *activitypub.Deliverer
	handler http.Handler

	mu    sync.Mutex
	seq   int // for the ids of our Accepts, Rejects and Undos
	start time.Time
}

func newServer(cfg config, st state, log *slog.Logger) (*server, error) {
	scheme := "https"
	if cfg.plainHTTP {
		scheme = "http"
	}
	s := &server{cfg: cfg, st: st, log: log, start: time.Now()}
	s.base = scheme + "://" + cfg.domain
	s.actor = s.base + "/users/" + cfg.user
	s.key = st.key()

	var err error
	s.fetcher, err = activitypub.NewFetcher(&activitypub.FetcherOptions{
		Key:           s.key,
		AllowLoopback: cfg.allowLAN, AllowPrivate: cfg.allowLAN, AllowHTTP: cfg.plainHTTP,
		TLSClientConfig: cfg.tls,
		Logger:          log,
	})
	if err != nil {
		return nil, err
	}
	s.deliver, err = activitypub.NewDeliverer(&activitypub.DelivererOptions{
		KeyID: s.key.ID, Signer: s.key.Signer,
		Inboxes:       s.fetcher,
		Followers:     st,
		FollowersOf:   func(string) string { return s.actor + "/followers" },
		Queue:         st.queue(),
		AllowLoopback: cfg.allowLAN, AllowPrivate: cfg.allowLAN, AllowHTTP: cfg.plainHTTP,
		TLSClientConfig: cfg.tls,
		Logger:          log,
		OnResult:        s.delivered,
	})
	if err != nil {
		return nil, err
	}

	keys := activitypub.NewKeyResolver(s.fetcher, &activitypub.KeyResolverOptions{Store: st.keyCache()})
	inbox, err := activitypub.NewInbox(&activitypub.InboxOptions{
		Verifier: httpsig.NewVerifier(keys, nil),
		Fetcher:  s.fetcher,
		Keys:     keys,
		Seen:     st.seen(),
		SeenTTL:  seenTTL,
		Logger:   log,
		// An actor that has been deleted cannot be verified any more:
		// its key is gone. Let its Delete through, so that it can be
		// forgotten.
		AcceptUnverified: func(_ *http.Request, a *activitypub.Document, err error) bool {
			root := a.Root()
			obj, _ := root.Get("object").IRI()
			actor, _ := root.Get("actor").IRI()
			return root.Type() == "Delete" && obj != "" && obj == actor && errors.Is(err, activitypub.ErrGone)
		},
	})
	if err != nil {
		return nil, err
	}
	inbox.Handle("Follow", s.onFollow)
	inbox.Handle("Undo", s.onUndo)
	inbox.Handle("Delete", s.onDelete)
	inbox.HandleFallback(func(ctx context.Context, a *activitypub.Activity) error {
		s.log.InfoContext(ctx, "accepted", "type", a.Type, "actor", a.Actor, "id", a.Doc.Root().ID())
		return nil
	})

	ni, err := nodeinfo.NewHandler(nodeinfo.SourceFunc(s.nodeInfo), nodeinfo.HandlerOptions{BaseURL: s.base, Path: "/nodeinfo/2.1", Logger: log})
	if err != nil {
		return nil, err
	}

	userPath := "/users/" + cfg.user
	mux := http.NewServeMux()
	mux.Handle("/.well-known/webfinger", webfinger.NewHandler(webfinger.ResolverFunc(s.webfinger), &webfinger.HandlerOptions{Logger: log}))
	mux.Handle("/.well-known/nodeinfo", ni)
	mux.Handle("/nodeinfo/2.1", ni)
	mux.Handle("GET "+userPath, &activitypub.ObjectHandler{Lookup: s.actorDocument, HTML: s.profilePage, Logger: log})
	mux.Handle("POST "+userPath+"/inbox", inbox)
	mux.Handle("POST /inbox", inbox)
	mux.Handle("GET "+userPath+"/outbox", &activitypub.CollectionHandler{
		ID:     s.fixedID(userPath + "/outbox"),
		Count:  s.postCount,
		Page:   s.outboxPage,
		Logger: log,
	})
	mux.Handle("GET "+userPath+"/followers", &activitypub.CollectionHandler{
		ID:     s.fixedID(userPath + "/followers"),
		Count:  func(r *http.Request) (int, error) { return s.st.followerCount(r.Context()) },
		Page:   s.followersPage,
		Logger: log,
	})
	mux.Handle("GET "+userPath+"/following", &activitypub.CollectionHandler{
		ID:     s.fixedID(userPath + "/following"),
		Count:  func(*http.Request) (int, error) { return 0, nil },
		Logger: log,
	})
	mux.Handle("GET "+userPath+"/statuses/{id}", &activitypub.ObjectHandler{Lookup: s.noteDocument, HTML: s.notePage, Logger: log})
	mux.HandleFunc("GET /@"+cfg.user, s.servePage)
	mux.HandleFunc("GET /@"+cfg.user+"/{id}", s.servePage)
	s.handler = mux
	return s, nil
}

// ServeHTTP serves every route of the server.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// fixedID returns an ID function that always answers base + path.
func (s *server) fixedID(path string) func(*http.Request) (string, error) {
	return func(*http.Request) (string, error) { return s.base + path, nil }
}

// nextID returns a new id for an activity of ours of the given kind.
func (s *server) nextID(kind string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s/%s/%d-%d", s.actor, kind, s.start.UnixNano(), s.seq)
}

func (s *server) webfinger(_ context.Context, resource string) (*webfinger.JRD, error) {
	acct := "acct:" + s.cfg.user + "@" + s.cfg.domain
	if resource != acct && resource != s.actor && resource != s.base+"/@"+s.cfg.user {
		return nil, webfinger.ErrNotFound
	}
	return &webfinger.JRD{
		Subject: acct,
		Aliases: []string{s.actor, s.base + "/@" + s.cfg.user},
		Links: []webfinger.Link{
			{Rel: webfinger.RelSelf, Type: webfinger.MediaTypeActivity, Href: s.actor},
			{Rel: "http://webfinger.net/rel/profile-page", Type: "text/html", Href: s.base + "/@" + s.cfg.user},
		},
	}, nil
}

func (s *server) nodeInfo(ctx context.Context) (*nodeinfo.NodeInfo, error) {
	_, posts, err := s.st.postsBefore(ctx, 0, 0)
	if err != nil {
		return nil, err
	}
	info := &nodeinfo.NodeInfo{}
	info.Software.Name = "fedikit-fedserver"
	info.Software.Version = version.Version
	info.Protocols = []string{"activitypub"}
	one, n := int64(1), int64(posts)
	info.Usage.Users.Total = &one
	info.Usage.LocalPosts = &n
	return info, nil
}

// actorDocument builds the actor, a Service (a bot, as Mastodon shows it).
func (s *server) actorDocument(*http.Request) (*activitypub.Document, error) {
	doc := activitypub.New("Service")
	a := doc.Root()
	for _, kv := range [][2]string{
		{"id", s.actor}, {"preferredUsername", s.cfg.user}, {"name", s.cfg.user},
		{"summary", "<p>A minimal federating server built with fedikit.</p>"},
		{"url", s.base + "/@" + s.cfg.user},
		{"inbox", s.actor + "/inbox"}, {"outbox", s.actor + "/outbox"},
		{"followers", s.actor + "/followers"}, {"following", s.actor + "/following"},
	} {
		if err := a.Set(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	if err := a.Set("endpoints", map[string]any{"sharedInbox": s.base + "/inbox"}); err != nil {
		return nil, err
	}
	if err := activitypub.SetManuallyApprovesFollowers(a, s.cfg.locked); err != nil {
		return nil, err
	}
	if err := activitypub.SetDiscoverable(a, true); err != nil {
		return nil, err
	}
	if err := activitypub.PublishKeys(a, []*activitypub.ActorKey{s.key}); err != nil {
		return nil, err
	}
	return doc, nil
}

func (s *server) profilePage(*http.Request, *activitypub.Document) string {
	return s.base + "/@" + s.cfg.user
}

// note builds post p as a public Note.
func (s *server) note(p post) (*activitypub.Document, error) {
	return activitypub.Note{
		ID:           fmt.Sprintf("%s/statuses/%d", s.actor, p.ID),
		URL:          fmt.Sprintf("%s/@%s/%d", s.base, s.cfg.user, p.ID),
		AttributedTo: s.actor,
		Content:      "<p>" + strings.ReplaceAll(html.EscapeString(p.Content), "\n", "<br>") + "</p>",
		Published:    p.Published,
		Followers:    s.actor + "/followers",
		Visibility:   activitypub.Public,
	}.Build()
}

// create wraps post p in its Create activity.
func (s *server) create(p post) (*activitypub.Document, error) {
	note, err := s.note(p)
	if err != nil {
		return nil, err
	}
	return activitypub.NewCreate(note.Root().ID()+"/activity", s.actor, note)
}

func (s *server) noteDocument(r *http.Request) (*activitypub.Document, error) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return nil, activitypub.ErrNotFound
	}
	p, ok, err := s.st.postByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, activitypub.ErrNotFound
	}
	return s.note(p)
}

func (s *server) notePage(r *http.Request, _ *activitypub.Document) string {
	return s.base + "/@" + s.cfg.user + "/" + r.PathValue("id")
}

// servePage is the web page of the account and of its posts: plain text,
// enough for a browser that follows the redirect.
func (s *server) servePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if id := r.PathValue("id"); id != "" {
		n, _ := strconv.Atoi(id)
		p, ok, err := s.st.postByID(r.Context(), n)
		if err != nil {
			s.log.ErrorContext(r.Context(), "cannot read a post", "id", n, "error", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "@%s@%s, %s:\n\n%s\n", s.cfg.user, s.cfg.domain, p.Published.Format(time.RFC1123), p.Content)
		return
	}
	n, err := s.st.followerCount(r.Context())
	if err != nil {
		s.log.ErrorContext(r.Context(), "cannot count the followers", "error", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "@%s@%s, a fedikit server with %d followers.\n", s.cfg.user, s.cfg.domain, n)
}

// postCount returns how many posts there are.
func (s *server) postCount(r *http.Request) (int, error) {
	_, n, err := s.st.postsBefore(r.Context(), 0, 0)
	return n, err
}

// outboxPage pages the Create activities of the posts, newest first; the
// cursor is the id of the last post of the previous page.
func (s *server) outboxPage(r *http.Request, cursor string, limit int) ([]any, string, error) {
	before := 0
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 1 {
			return nil, "", activitypub.ErrNotFound
		}
		before = n
	}
	posts, _, err := s.st.postsBefore(r.Context(), before, limit)
	if err != nil {
		return nil, "", err
	}
	items := make([]any, 0, len(posts))
	for _, p := range posts {
		c, err := s.create(p)
		if err != nil {
			return nil, "", err
		}
		items = append(items, c)
	}
	next := ""
	if len(posts) == limit && posts[len(posts)-1].ID > 1 {
		next = strconv.Itoa(posts[len(posts)-1].ID)
	}
	return items, next, nil
}

// followersPage pages the followers with the state's cursors.
func (s *server) followersPage(r *http.Request, cursor string, limit int) ([]any, string, error) {
	page, next, err := s.st.followersPage(r.Context(), cursor, limit)
	if errors.Is(err, errBadCursor) {
		return nil, "", activitypub.ErrNotFound
	}
	if err != nil {
		return nil, "", err
	}
	items := make([]any, len(page))
	for i, f := range page {
		items[i] = f
	}
	return items, next, nil
}

// onFollow accepts a follow, or holds it when the account is locked.
func (s *server) onFollow(ctx context.Context, a *activitypub.Activity) error {
	target, _ := a.Object.IRI()
	if target != s.actor {
		s.log.InfoContext(ctx, "ignored a Follow of someone else", "actor", a.Actor, "object", target)
		return nil
	}
	if s.cfg.locked {
		s.log.InfoContext(ctx, "follow request held for approval", "actor", a.Actor)
		return s.st.hold(ctx, pending{Actor: a.Actor, Follow: a.Doc.Root().ID()})
	}
	if err := s.st.AddFollower(ctx, s.actor, a.Actor); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "new follower", "actor", a.Actor)
	accept, err := activitypub.NewAccept(s.nextID("accepts"), s.actor, a.Doc)
	if err != nil {
		return err
	}
	return s.send(ctx, accept, a.Actor)
}

// approve accepts (or rejects) a held follow request.
func (s *server) approve(ctx context.Context, actor string, accept bool) error {
	p, ok, err := s.st.takePending(ctx, actor)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no pending follow request from %s", actor)
	}
	var answer *activitypub.Document
	if accept {
		if err := s.st.AddFollower(ctx, s.actor, actor); err != nil {
			return err
		}
		answer, err = activitypub.NewAcceptID(s.nextID("accepts"), s.actor, p.Follow, actor)
	} else {
		answer, err = activitypub.NewRejectID(s.nextID("rejects"), s.actor, p.Follow, actor)
	}
	if err != nil {
		return err
	}
	return s.send(ctx, answer, actor)
}

// onUndo handles Undo{Follow}: the follower leaves.
func (s *server) onUndo(ctx context.Context, a *activitypub.Activity) error {
	obj, ok := a.Object.Object()
	if !ok {
		// Undo of an object by IRI: we keep no record of others'
		// activities, so only a Follow we know of can be undone, which
		// needs the embedded object.
		s.log.InfoContext(ctx, "ignored an Undo without its object", "actor", a.Actor)
		return nil
	}
	if obj.Type() != "Follow" {
		s.log.InfoContext(ctx, "accepted", "type", "Undo", "of", obj.Type(), "actor", a.Actor)
		return nil
	}
	if err := s.st.RemoveFollower(ctx, s.actor, a.Actor); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "follower left", "actor", a.Actor)
	return nil
}

// onDelete forgets an actor that deleted itself.
func (s *server) onDelete(ctx context.Context, a *activitypub.Activity) error {
	obj, _ := a.Object.IRI()
	if obj == a.Actor {
		s.log.InfoContext(ctx, "actor deleted, forgotten as a follower", "actor", a.Actor, "verified", a.Verified)
		return s.st.RemoveFollower(ctx, s.actor, a.Actor)
	}
	s.log.InfoContext(ctx, "accepted", "type", "Delete", "actor", a.Actor, "object", obj)
	return nil
}

// publish posts text as a Note to the followers: the state stores the
// post and queues the deliveries of its Create.
func (s *server) publish(ctx context.Context, text string) (string, error) {
	create, rep, err := s.st.publish(ctx, s.deliver, text, time.Now(), s.create)
	if err != nil {
		return "", err
	}
	s.sent(ctx, create, rep)
	return create.Root().ID(), nil
}

// send queues activity for recipients (its addressing when none).
func (s *server) send(ctx context.Context, activity *activitypub.Document, recipients ...string) error {
	rep, err := s.deliver.Deliver(ctx, activity, recipients...)
	if err != nil {
		return err
	}
	s.sent(ctx, activity, rep)
	return nil
}

// sent logs what was queued of activity, and for whom it could not be.
func (s *server) sent(ctx context.Context, activity *activitypub.Document, rep *activitypub.Report) {
	for r, err := range rep.Errors {
		s.log.WarnContext(ctx, "cannot deliver", "recipient", r, "error", err)
	}
	s.log.InfoContext(ctx, "sent", "type", activity.Root().Type(), "id", activity.Root().ID(), "inboxes", len(rep.Queued))
}

// delivered logs the outcome of a delivery and drops followers that are
// gone.
func (s *server) delivered(r activitypub.Result) {
	ctx := context.Background()
	switch {
	case r.Delivered:
		s.log.InfoContext(ctx, "delivered", "activity", r.Activity, "inbox", r.Inbox, "attempts", r.Attempts)
	case r.Gone:
		s.log.WarnContext(ctx, "inbox gone", "activity", r.Activity, "inbox", r.Inbox)
	default:
		s.log.WarnContext(ctx, "delivery failed", "activity", r.Activity, "inbox", r.Inbox, "status", r.Status, "error", r.Err)
	}
}
