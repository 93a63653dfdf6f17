package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Streams a [Subscription] can name. Hashtag streams need a tag, the list
// stream a list id; the others need nothing more.
const (
	// StreamUser is the user's home timeline, notifications, filter
	// changes and announcements.
	StreamUser = "user"
	// StreamUserNotification is the user's notifications alone.
	StreamUserNotification = "user:notification"
	// StreamPublic is every public status the server knows of.
	StreamPublic = "public"
	// StreamPublicMedia is StreamPublic restricted to statuses with media.
	StreamPublicMedia = "public:media"
	// StreamPublicLocal is the public statuses of the server's own users.
	StreamPublicLocal = "public:local"
	// StreamPublicLocalMedia is StreamPublicLocal restricted to statuses
	// with media.
	StreamPublicLocalMedia = "public:local:media"
	// StreamPublicRemote is the public statuses from other servers
	// (Mastodon 3.1.4).
	StreamPublicRemote = "public:remote"
	// StreamPublicRemoteMedia is StreamPublicRemote restricted to statuses
	// with media.
	StreamPublicRemoteMedia = "public:remote:media"
	// StreamHashtag is the public statuses with a hashtag
	// ([Subscription].Tag).
	StreamHashtag = "hashtag"
	// StreamHashtagLocal is StreamHashtag restricted to the server's own
	// users.
	StreamHashtagLocal = "hashtag:local"
	// StreamList is the statuses of a list ([Subscription].List).
	StreamList = "list"
	// StreamDirect is the user's direct conversations.
	StreamDirect = "direct"
)

// Event names, the values of [Event].Event.
const (
	// EventUpdate is a new status; [Event.Status] decodes it.
	EventUpdate = "update"
	// EventDelete is a deleted status; [Event.DeletedID] gives its id.
	EventDelete = "delete"
	// EventNotification is a new notification; [Event.Notification]
	// decodes it.
	EventNotification = "notification"
	// EventFiltersChanged says the user's filters changed; it carries no
	// payload.
	EventFiltersChanged = "filters_changed"
	// EventConversation is a direct conversation that changed;
	// [Event.Conversation] decodes it.
	EventConversation = "conversation"
	// EventAnnouncement is a new announcement; [Event.Announcement]
	// decodes it.
	EventAnnouncement = "announcement"
	// EventAnnouncementReaction is a reaction to an announcement;
	// [Event.AnnouncementReaction] decodes it.
	EventAnnouncementReaction = "announcement.reaction"
	// EventAnnouncementDelete is a withdrawn announcement;
	// [Event.DeletedID] gives its id.
	EventAnnouncementDelete = "announcement.delete"
	// EventStatusUpdate is an edited status; [Event.Status] decodes it.
	EventStatusUpdate = "status.update"
	// EventEncryptedMessage is reserved by Mastodon for encrypted
	// messages, which it does not send.
	EventEncryptedMessage = "encrypted_message"
	// EventNotificationsMerged says that accepted notification requests
	// were merged and the notifications are worth fetching again
	// (Mastodon 4.3).
	EventNotificationsMerged = "notifications_merged"
	// EventError is fedikit's own: the server refused a subscription, or
	// a subscription could not be made. [Event.Err] gives the error.
	EventError = "error"
)

// Limits and timings of a [Stream].
const (
	// MaxStreamMessage caps one message of the streaming server, in
	// bytes: a WebSocket message, or the data of a server-sent event. A
	// longer one breaks the connection, which is then made again.
	MaxStreamMessage = 1 << 20

	defaultStreamBuffer    = 256
	streamPingInterval     = 30 * time.Second
	streamIdleTimeout      = 90 * time.Second
	streamHandshakeTimeout = 30 * time.Second
	streamWriteTimeout     = 10 * time.Second
	streamCloseGrace       = 2 * time.Second
)

// StreamTransport is how a [Stream] reaches the streaming server.
type StreamTransport int

const (
	// TransportWebSocket, the default, multiplexes every subscription
	// over one WebSocket connection. When the server refuses the
	// WebSocket handshake (a 400, 404, 405, 426 or 501 answer, or a plain
	// 200), the stream uses TransportSSE instead.
	TransportWebSocket StreamTransport = iota
	// TransportSSE opens one server-sent events connection (a long-lived
	// HTTP GET) per subscription.
	TransportSSE
)

// String returns "websocket" or "sse".
func (t StreamTransport) String() string {
	switch t {
	case TransportWebSocket:
		return "websocket"
	case TransportSSE:
		return "sse"
	}
	return fmt.Sprintf("StreamTransport(%d)", int(t))
}

// StreamOptions configures [Client.Stream] and [Client.StreamingHealth].
// A nil *StreamOptions, and the zero value of each field, mean the
// defaults.
type StreamOptions struct {
	// URL is the streaming server, such as
	// "wss://streaming.mastodon.social" (ws, wss, http and https are all
	// understood; a path ending in /api/v1/streaming is trimmed). Empty
	// means the one the server names in its instance document
	// (configuration.urls.streaming of GET /api/v2/instance), else the
	// client's server. The token is sent to this server.
	URL string
	// Transport is how to reach it. Default [TransportWebSocket], which
	// falls back to [TransportSSE] when the server refuses WebSockets.
	Transport StreamTransport
	// MinBackoff and MaxBackoff bound the wait before reconnecting,
	// which doubles with each failed attempt, with jitter. Defaults 1 and
	// 60 seconds.
	MinBackoff, MaxBackoff time.Duration
	// Buffer is how many events wait for a slow reader before the oldest
	// is dropped. Default 256.
	Buffer int
	// Logger receives connections, reconnections and dropped events.
	// Nil means the client's [Options].Logger.
	Logger *slog.Logger

	// Keep-alive timings, changed by the tests: the WebSocket ping
	// interval and the longest SSE silence.
	pingInterval, idleTimeout time.Duration
}

// Subscription names a stream to receive: Stream is one of the Stream
// constants ([StreamUser], [StreamHashtag]…); Tag is the hashtag, without
// the #, of [StreamHashtag] and [StreamHashtagLocal]; List is the list of
// [StreamList].
type Subscription struct {
	Stream string
	Tag    string
	List   ID
}

// validate refuses a subscription that lacks what its stream needs.
func (sub Subscription) validate() error {
	switch {
	case sub.Stream == "":
		return errors.New("mastodon: a subscription needs a stream")
	case (sub.Stream == StreamHashtag || sub.Stream == StreamHashtagLocal) && sub.Tag == "":
		return fmt.Errorf("mastodon: a subscription to %q needs a Tag", sub.Stream)
	case sub.Stream == StreamList && sub.List == "":
		return fmt.Errorf("mastodon: a subscription to %q needs a List", sub.Stream)
	}
	return nil
}

// names is the stream of the subscription's events, as Mastodon names
// it: ["hashtag", "foo"], ["list", "12"], ["user"].
func (sub Subscription) names() []string {
	switch {
	case sub.Tag != "":
		return []string{sub.Stream, sub.Tag}
	case sub.List != "":
		return []string{sub.Stream, string(sub.List)}
	}
	return []string{sub.Stream}
}

// Event is one event of a [Stream]. Its typed accessors decode the
// payload.
type Event struct {
	// Stream is the stream the event came from, as the server names it:
	// ["user"], ["hashtag", "foo"], ["list", "12"]. Over SSE it is made
	// from the subscription.
	Stream []string
	// Event is the event's name: one of the Event constants, or a newer
	// one.
	Event string
	// Payload is the event's data as JSON: the entity of an update or a
	// notification (the WebSocket protocol sends it as a string of JSON,
	// which is decoded here), a JSON string for the id of a delete, and
	// nil for an event without data, such as filters_changed.
	Payload json.RawMessage

	// err is the error of an EventError.
	err error
}

// Status decodes the status of an update or status.update event.
func (e Event) Status() (*Status, error) {
	return decodeEvent[Status](e, "status", EventUpdate, EventStatusUpdate)
}

// Notification decodes the notification of a notification event.
func (e Event) Notification() (*Notification, error) {
	return decodeEvent[Notification](e, "notification", EventNotification)
}

// Conversation decodes the conversation of a conversation event.
func (e Event) Conversation() (*Conversation, error) {
	return decodeEvent[Conversation](e, "conversation", EventConversation)
}

// Announcement decodes the announcement of an announcement event.
func (e Event) Announcement() (*Announcement, error) {
	return decodeEvent[Announcement](e, "announcement", EventAnnouncement)
}

// AnnouncementReaction is the payload of an announcement.reaction event:
// which announcement, which emoji, and how many users now reacted with it.
type AnnouncementReaction struct {
	// AnnouncementID is the announcement reacted to.
	AnnouncementID ID `json:"announcement_id"`
	// Name is the emoji: a Unicode emoji or a custom emoji's shortcode.
	Name string `json:"name"`
	// Count is how many users reacted with it.
	Count int `json:"count"`
}

// AnnouncementReaction decodes the reaction of an announcement.reaction
// event.
func (e Event) AnnouncementReaction() (*AnnouncementReaction, error) {
	return decodeEvent[AnnouncementReaction](e, "reaction", EventAnnouncementReaction)
}

// DeletedID returns the id of the status of a delete event, or of the
// announcement of an announcement.delete event. It reports false for
// other events.
func (e Event) DeletedID() (ID, bool) {
	if e.Event != EventDelete && e.Event != EventAnnouncementDelete {
		return "", false
	}
	var id ID
	if json.Unmarshal(e.Payload, &id) != nil || id == "" {
		return "", false
	}
	return id, true
}

// Err returns the error of an [EventError] event, nil for other events.
// A refusal by the server is an [*ErrorResponse], which matches the
// sentinel of its status ([ErrNotFound] for an unknown list, say).
func (e Event) Err() error {
	if e.Event != EventError {
		return nil
	}
	if e.err != nil {
		return e.err
	}
	var body struct {
		Error  string `json:"error"`
		Status int    `json:"status"`
	}
	_ = json.Unmarshal(e.Payload, &body)
	return streamError("/api/v1/streaming", body.Status, body.Error)
}

// decodeEvent decodes the payload of an event whose name is one of names.
func decodeEvent[T any](e Event, what string, names ...string) (*T, error) {
	if !slices.Contains(names, e.Event) {
		return nil, fmt.Errorf("mastodon: a %q event carries no %s", e.Event, what)
	}
	if len(e.Payload) == 0 {
		return nil, fmt.Errorf("mastodon: the %q event has no payload", e.Event)
	}
	v := new(T)
	if err := json.Unmarshal(e.Payload, v); err != nil {
		return nil, fmt.Errorf("mastodon: decoding the %q event: %w", e.Event, err)
	}
	return v, nil
}

// payloadOf turns the text of an event's data into JSON: an object,
// array or string stays as it is, nothing (or "undefined", or null)
// becomes nil, and anything else, such as the bare id of a delete over
// SSE, becomes a JSON string.
func payloadOf(text string) json.RawMessage {
	t := strings.TrimSpace(text)
	switch {
	case t == "" || t == "undefined" || t == "null":
		return nil
	case (t[0] == '{' || t[0] == '[' || t[0] == '"') && json.Valid([]byte(t)):
		return json.RawMessage(t)
	}
	b, _ := json.Marshal(t)
	return b
}

// streamError is the error of a refusal by the streaming server.
func streamError(path string, status int, msg string) error {
	if status == 0 {
		status = http.StatusBadRequest
	}
	return &ErrorResponse{StatusCode: status, Method: "GET", Path: path, Message: msg}
}

// errorEvent is the EventError of err, for the stream names.
func errorEvent(names []string, err error) Event {
	body := struct {
		Error  string `json:"error"`
		Status int    `json:"status,omitempty"`
	}{Error: err.Error()}
	var er *ErrorResponse
	if errors.As(err, &er) {
		body.Error, body.Status = er.Message, er.StatusCode
	}
	b, _ := json.Marshal(body)
	return Event{Stream: names, Event: EventError, Payload: b, err: err}
}

// StreamStats are counters of a [Stream].
type StreamStats struct {
	// Transport is the transport in use: [TransportSSE] after a fallback.
	Transport StreamTransport
	// Connects counts the connections made, the first ones included.
	Connects int64
	// Dropped counts the events dropped because the reader was slow.
	Dropped int64
}

// Stream is a live connection to the streaming server, made by
// [Client.Stream]: it delivers the events of its subscriptions on
// [Stream.Events], reconnecting when the connection breaks. A Stream is
// safe for concurrent use.
type Stream struct {
	c         *Client
	log       *slog.Logger
	endpoint  *url.URL // .../api/v1/streaming, http or https
	transport StreamTransport

	minBackoff, maxBackoff    time.Duration
	pingInterval, idleTimeout time.Duration

	parent context.Context
	ctx    context.Context // ends when the stream stops
	cancel context.CancelFunc
	events chan Event
	done   chan struct{} // closed once every goroutine ended
	wg     sync.WaitGroup

	// sendMu orders the WebSocket frames as the changes of subs they
	// follow; it is taken before mu.
	sendMu sync.Mutex
	mu     sync.Mutex
	subs   []Subscription           // the active subscriptions, in order
	conn   *websocket.Conn          // WebSocket: the live connection, or nil
	sse    map[Subscription]*sseSub // SSE: the connection loop of each subscription
	closed bool                     // no more goroutines may start
	err    error                    // what ended the stream

	connects, dropped atomic.Int64
}

// StreamingHealth checks that the streaming server is up: it answers
// "OK". opts may be nil; only its URL is used, found as [Client.Stream]
// finds it.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/streaming/#health
//
// GET /api/v1/streaming/health
func (c *Client) StreamingHealth(ctx context.Context, opts *StreamOptions) error {
	configured := ""
	if opts != nil {
		configured = opts.URL
	}
	root, err := c.streamingRoot(ctx, configured, c.log)
	if err != nil {
		return err
	}
	u := root.ResolveReference(&url.URL{Path: "api/v1/streaming/health"})
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("mastodon: %w", err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.plain.Do(req)
	if err != nil {
		return fmt.Errorf("mastodon: GET %s: %w", u.Path, urlErrorCause(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	if resp.StatusCode != http.StatusOK {
		return newErrorResponse(resp, body)
	}
	if got := strings.TrimSpace(string(body)); got != "OK" {
		return fmt.Errorf("mastodon: GET %s: the streaming server answered %.40q, not OK", u.Path, got)
	}
	return nil
}

// Stream connects to the streaming server and subscribes to subs; more
// subscriptions can follow with [Stream.Subscribe]. It returns once
// connected (over SSE, once each subscription's connection is open): an
// error means the server could not be reached, or refused the token or,
// over SSE, a subscription. Then the stream lives until [Stream.Close] or
// until ctx ends, delivering events on [Stream.Events].
//
// Over a WebSocket, the server does not confirm subscriptions: one it
// refuses (an unknown list, say) comes back as an [EventError] event.
//
// A broken connection is made again after a wait that grows from
// MinBackoff to MaxBackoff, with jitter, and every active subscription is
// sent again; the events in between are lost (fill the gap with the
// timelines' since_id). A WebSocket connection is pinged every 30
// seconds; an SSE connection silent for 90 seconds (the server sends a
// heartbeat every 10 or so) is taken for dead. A refused token (401, 403)
// ends the stream: [Stream.Events] is closed and [Stream.Err] says why.
//
// Events wait in a buffer ([StreamOptions].Buffer) for the reader. The
// connection is never held up by a slow reader: when the buffer is full
// the oldest event is dropped for the newest, and [Stream.Stats] counts
// it, so the reader always gets the latest events and learns of any
// loss.
//
// The token goes in the Authorization header of the WebSocket handshake
// and of the SSE requests, never in the URL. Messages are capped at
// [MaxStreamMessage].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/streaming/#websocket
//
// GET /api/v1/streaming
// GET /api/v1/streaming/user
// GET /api/v1/streaming/user/notification
// GET /api/v1/streaming/public
// GET /api/v1/streaming/public/local
// GET /api/v1/streaming/public/remote
// GET /api/v1/streaming/hashtag
// GET /api/v1/streaming/hashtag/local
// GET /api/v1/streaming/list
// GET /api/v1/streaming/direct
func (c *Client) Stream(ctx context.Context, opts *StreamOptions, subs ...Subscription) (*Stream, error) {
	var o StreamOptions
	if opts != nil {
		o = *opts
	}
	for _, sub := range subs {
		if err := sub.validate(); err != nil {
			return nil, err
		}
		if o.Transport == TransportSSE {
			if _, _, err := ssePath(sub); err != nil {
				return nil, err
			}
		}
	}
	if o.Transport != TransportWebSocket && o.Transport != TransportSSE {
		return nil, fmt.Errorf("mastodon: unknown stream transport %d", int(o.Transport))
	}
	s := &Stream{
		c: c, log: o.Logger, transport: o.Transport,
		minBackoff: o.MinBackoff, maxBackoff: o.MaxBackoff,
		pingInterval: o.pingInterval, idleTimeout: o.idleTimeout,
		parent: ctx, done: make(chan struct{}),
		sse: map[Subscription]*sseSub{},
	}
	if s.log == nil {
		s.log = c.log
	}
	if s.minBackoff <= 0 {
		s.minBackoff = time.Second
	}
	if s.maxBackoff <= 0 {
		s.maxBackoff = time.Minute
	}
	s.maxBackoff = max(s.maxBackoff, s.minBackoff)
	if s.pingInterval <= 0 {
		s.pingInterval = streamPingInterval
	}
	if s.idleTimeout <= 0 {
		s.idleTimeout = streamIdleTimeout
	}
	buffer := o.Buffer
	if buffer <= 0 {
		buffer = defaultStreamBuffer
	}
	s.events = make(chan Event, buffer)

	root, err := c.streamingRoot(ctx, o.URL, s.log)
	if err != nil {
		return nil, err
	}
	s.endpoint = root.ResolveReference(&url.URL{Path: "api/v1/streaming"})

	s.ctx, s.cancel = context.WithCancel(ctx)
	s.wg.Add(1)
	go func() {
		// Holds the group open until the stream stops, so that SSE
		// subscriptions may join it; then no one else may.
		<-s.ctx.Done()
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.wg.Done()
	}()
	go func() {
		s.wg.Wait()
		close(s.events)
		close(s.done)
	}()

	if s.transport == TransportWebSocket {
		conn, err := s.dialWS(ctx)
		switch {
		case err == nil:
			s.subs = uniq(subs)
			s.wg.Add(1)
			go s.runWS(conn)
			return s, nil
		case !fallsBackToSSE(err):
			_ = s.Close()
			return nil, err
		}
		s.log.InfoContext(ctx, "mastodon: the streaming server refused a WebSocket, using server-sent events", "error", err)
		s.transport = TransportSSE
	}
	for _, sub := range uniq(subs) {
		if err := s.subscribeSSE(ctx, sub); err != nil {
			_ = s.Close()
			return nil, err
		}
	}
	return s, nil
}

// uniq returns subs without repeats, in order.
func uniq(subs []Subscription) []Subscription {
	var out []Subscription
	for _, sub := range subs {
		if !slices.Contains(out, sub) {
			out = append(out, sub)
		}
	}
	return out
}

// Subscribe adds a subscription. Over a WebSocket it is sent at once,
// or with the next connection if the stream is reconnecting; the server
// does not confirm it, but reports a refusal as an [EventError] event.
// Over SSE it opens the subscription's connection, and returns its
// error. Subscribing twice to the same stream does nothing.
func (s *Stream) Subscribe(ctx context.Context, sub Subscription) error {
	if err := sub.validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.transport == TransportSSE {
		return s.subscribeSSE(ctx, sub)
	}
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	if s.closed || s.ctx.Err() != nil {
		s.mu.Unlock()
		return errStreamClosed
	}
	if slices.Contains(s.subs, sub) {
		s.mu.Unlock()
		return nil
	}
	s.subs = append(s.subs, sub)
	conn := s.conn
	s.mu.Unlock()
	if conn != nil {
		// A failed write breaks the connection; the reconnection sends
		// the subscription again.
		_ = s.writeFrame(conn, "subscribe", sub)
	}
	return nil
}

// Unsubscribe ends a subscription. Events of it already received may
// still be delivered. Unsubscribing from a stream not subscribed to does
// nothing.
func (s *Stream) Unsubscribe(ctx context.Context, sub Subscription) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.transport == TransportSSE {
		s.mu.Lock()
		s.subs = slices.DeleteFunc(s.subs, func(x Subscription) bool { return x == sub })
		loop := s.sse[sub]
		delete(s.sse, sub)
		s.mu.Unlock()
		if loop != nil {
			loop.cancel()
		}
		return nil
	}
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	i := slices.Index(s.subs, sub)
	if i < 0 {
		s.mu.Unlock()
		return nil
	}
	s.subs = slices.Delete(s.subs, i, i+1)
	conn := s.conn
	s.mu.Unlock()
	if conn != nil {
		_ = s.writeFrame(conn, "unsubscribe", sub)
	}
	return nil
}

// Subscriptions returns the active subscriptions.
func (s *Stream) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.subs)
}

// Events returns the channel of events. It is closed when the stream
// stops: after [Stream.Close], when the context of [Client.Stream] ends,
// or when the server refuses the token ([Stream.Err]).
func (s *Stream) Events() <-chan Event {
	return s.events
}

// Close stops the stream: it closes the connections (a WebSocket with a
// normal closure) and waits for its goroutines to end, which takes at
// most a few seconds with a server that does not answer the closure.
// Then [Stream.Events] is closed. Close may be called more than once; it
// returns nil.
func (s *Stream) Close() error {
	s.cancel()
	<-s.done
	return nil
}

// Err returns what ended the stream: the server's refusal of the token,
// the end of the context of [Client.Stream], or nil while it runs and
// after [Stream.Close].
func (s *Stream) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if s.closed {
		return s.parent.Err()
	}
	return nil
}

// Stats returns the stream's counters.
func (s *Stream) Stats() StreamStats {
	return StreamStats{Transport: s.transport, Connects: s.connects.Load(), Dropped: s.dropped.Load()}
}

// errStreamClosed is the error of a subscription to a stopped stream.
var errStreamClosed = fmt.Errorf("mastodon: the stream is closed: %w", net.ErrClosed)

// fail ends the stream because of err.
func (s *Stream) fail(err error) {
	s.log.WarnContext(s.ctx, "mastodon: the stream stops", "error", err)
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
	s.cancel()
}

// deliver queues an event, dropping the oldest one when the buffer is
// full: the connection must keep being read, for its keep-alive and
// because the server would drop a client that lags.
func (s *Stream) deliver(ev Event) {
	for {
		select {
		case s.events <- ev:
			return
		default:
		}
		select {
		case <-s.events:
			if n := s.dropped.Add(1); n == 1 || n%1000 == 0 {
				s.log.WarnContext(s.ctx, "mastodon: the stream's reader is slow, events dropped", "dropped", n)
			}
		default:
		}
	}
}

// backoff is the wait before reconnection attempt n (from 0): an
// exponential wait with jitter, or longer when a 429 answer said so.
func (s *Stream) backoff(n int, err error) time.Duration {
	d := s.minBackoff << min(n, 20)
	if d <= 0 || d > s.maxBackoff {
		d = s.maxBackoff
	}
	d = d/2 + rand.N(d/2+1)
	var rl *RateLimitError
	if errors.As(err, &rl) && !rl.RetryAfter.IsZero() {
		if w := rl.RetryAfter.Sub(s.c.now()); w > d {
			d = min(w, s.c.opts.MaxRateLimitWait)
		}
	}
	return d
}

// stable is how long a connection must have lasted for the backoff to
// start again from MinBackoff.
func (s *Stream) stable() time.Duration {
	return min(time.Minute, s.maxBackoff)
}

// sleep waits d, or until ctx ends; it reports whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// handshakeError is the error of a refused WebSocket handshake or SSE
// request.
func (s *Stream) handshakeError(resp *http.Response, body []byte) error {
	e := newErrorResponse(resp, body)
	if resp.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{Rate: parseRate(resp.Header), RetryAfter: retryAfter(resp.Header, s.c.now()), Err: e}
	}
	return e
}

// refusesToken reports whether err is the server's refusal of the token,
// which reconnecting will not mend.
func refusesToken(err error) bool {
	return errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden)
}

// fallsBackToSSE reports whether a failed WebSocket handshake says that
// the server does not offer WebSockets.
func fallsBackToSSE(err error) bool {
	var e *ErrorResponse
	if !errors.As(err, &e) {
		return false
	}
	switch e.StatusCode {
	case http.StatusOK, http.StatusBadRequest, http.StatusNotFound, http.StatusMethodNotAllowed,
		http.StatusUpgradeRequired, http.StatusNotImplemented:
		return true
	}
	return false
}

// urlErrorCause strips the *url.Error around a transport error.
func urlErrorCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// streamingRoot is the URL of the streaming server, ending in a slash:
// configured if not empty, else the instance's, else the client's own.
func (c *Client) streamingRoot(ctx context.Context, configured string, log *slog.Logger) (*url.URL, error) {
	if configured != "" {
		return parseStreamingURL(configured, c.baseURL, false)
	}
	// The one field needed, not the whole Instance.
	type instance struct {
		Configuration struct {
			URLs struct {
				Streaming string `json:"streaming"`
			} `json:"urls"`
		} `json:"configuration"`
	}
	in, _, err := get[instance](ctx, c, "api/v2/instance", nil)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		log.DebugContext(ctx, "mastodon: no instance document, streaming from the server's own URL", "error", err)
		return c.BaseURL(), nil
	}
	if in.Configuration.URLs.Streaming == "" {
		return c.BaseURL(), nil
	}
	u, err := parseStreamingURL(in.Configuration.URLs.Streaming, c.baseURL, true)
	if err != nil {
		log.WarnContext(ctx, "mastodon: ignoring the instance's streaming URL", "error", err)
		return c.BaseURL(), nil
	}
	return u, nil
}

// parseStreamingURL reads the URL of a streaming server as an http(s)
// URL ending in a slash, trimming a trailing /api/v1/streaming. A URL the
// server gave (fromServer) may not be plain text when the server's own is
// https, as it receives the token.
func parseStreamingURL(raw string, base *url.URL, fromServer bool) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("mastodon: streaming URL %q is not an absolute URL", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "wss", "https":
		u.Scheme = "https"
	case "ws", "http":
		u.Scheme = "http"
		if fromServer && base.Scheme == "https" {
			return nil, fmt.Errorf("mastodon: streaming URL %q is not encrypted", u.Redacted())
		}
	default:
		return nil, fmt.Errorf("mastodon: streaming URL %q is not a ws(s) or http(s) URL", u.Redacted())
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("mastodon: streaming URL %q must not have user information, a query or a fragment", u.Redacted())
	}
	p := strings.TrimSuffix(u.Path, "/")
	p = strings.TrimSuffix(p, "/api/v1/streaming")
	u.Path, u.RawPath = p+"/", ""
	return u, nil
}

// dialWS makes a WebSocket connection; ctx, besides the stream's own,
// bounds the handshake.
func (s *Stream) dialWS(ctx context.Context) (*websocket.Conn, error) {
	dctx, cancel := context.WithTimeout(s.ctx, streamHandshakeTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	conn, resp, err := websocket.Dial(dctx, s.endpoint.String(), &websocket.DialOptions{
		// The auth layer without the retries, which do not apply to an
		// upgraded connection.
		HTTPClient: s.c.streaming,
		HTTPHeader: http.Header{"User-Agent": {s.c.userAgent}},
	})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			var body []byte
			if resp.Body != nil {
				body, _ = io.ReadAll(resp.Body)
			}
			return nil, s.handshakeError(resp, body)
		}
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w (%w)", ctxErr, err)
		}
		return nil, fmt.Errorf("mastodon: GET %s: %w", s.endpoint.Path, err)
	}
	conn.SetReadLimit(MaxStreamMessage)
	s.connects.Add(1)
	s.log.DebugContext(s.ctx, "mastodon: streaming connected", "transport", "websocket")
	return conn, nil
}

// runWS serves the WebSocket connection, and the next ones after it
// breaks, until the stream stops.
func (s *Stream) runWS(conn *websocket.Conn) {
	defer s.wg.Done()
	var err error
	for attempt := 0; ; {
		if conn != nil {
			began := time.Now()
			err = s.serveWS(conn)
			if s.ctx.Err() != nil {
				return
			}
			s.log.InfoContext(s.ctx, "mastodon: streaming connection lost", "transport", "websocket", "error", err)
			if time.Since(began) >= s.stable() {
				attempt = 0
			}
		}
		if !sleep(s.ctx, s.backoff(attempt, err)) {
			return
		}
		attempt++
		conn, err = s.dialWS(s.ctx)
		if err != nil {
			if s.ctx.Err() != nil {
				return
			}
			if refusesToken(err) {
				s.fail(err)
				return
			}
			s.log.InfoContext(s.ctx, "mastodon: streaming reconnection failed", "transport", "websocket", "attempt", attempt, "error", err)
		}
	}
}

// serveWS sends the subscriptions on a new connection and reads its
// events until it breaks or the stream stops.
func (s *Stream) serveWS(conn *websocket.Conn) error {
	connCtx, stop := context.WithCancel(context.Background())
	helper := make(chan struct{})
	go func() {
		defer close(helper)
		s.keepAlive(connCtx, conn)
	}()
	defer func() {
		s.mu.Lock()
		if s.conn == conn {
			s.conn = nil
		}
		s.mu.Unlock()
		stop()
		<-helper
		_ = conn.CloseNow()
	}()

	s.sendMu.Lock()
	s.mu.Lock()
	s.conn = conn
	subs := slices.Clone(s.subs)
	s.mu.Unlock()
	for _, sub := range subs {
		if err := s.writeFrame(conn, "subscribe", sub); err != nil {
			s.sendMu.Unlock()
			return err
		}
	}
	s.sendMu.Unlock()

	for {
		// Read ends with the connection: the stream's end closes it
		// cleanly (keepAlive), rather than cancelling the read.
		_, msg, err := conn.Read(connCtx)
		if err != nil {
			return err
		}
		ev, ok, err := parseWSMessage(msg, s.endpoint.Path)
		if err != nil {
			s.log.DebugContext(s.ctx, "mastodon: unreadable streaming message", "error", err)
		}
		if ok {
			s.deliver(ev)
		}
	}
}

// keepAlive pings the connection, and closes it when the stream stops.
func (s *Stream) keepAlive(ctx context.Context, conn *websocket.Conn) {
	t := time.NewTicker(s.pingInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.ctx.Done():
			grace := time.AfterFunc(streamCloseGrace, func() { _ = conn.CloseNow() })
			_ = conn.Close(websocket.StatusNormalClosure, "")
			grace.Stop()
			return
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, s.pingInterval/2)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				if ctx.Err() == nil {
					s.log.InfoContext(s.ctx, "mastodon: the streaming server does not answer pings", "error", err)
					_ = conn.CloseNow()
				}
				return
			}
		}
	}
}

// streamFrame is a message to the WebSocket server.
type streamFrame struct {
	Type   string `json:"type"`
	Stream string `json:"stream"`
	Tag    string `json:"tag,omitempty"`
	List   ID     `json:"list,omitempty"`
}

// writeFrame sends a subscribe or unsubscribe frame.
func (s *Stream) writeFrame(conn *websocket.Conn, typ string, sub Subscription) error {
	b, err := json.Marshal(streamFrame{Type: typ, Stream: sub.Stream, Tag: sub.Tag, List: sub.List})
	if err != nil {
		return err
	}
	// Not the stream's context: its end closes the connection cleanly
	// instead.
	ctx, cancel := context.WithTimeout(context.Background(), streamWriteTimeout)
	defer cancel()
	if err := conn.Write(ctx, websocket.MessageText, b); err != nil {
		s.log.DebugContext(s.ctx, "mastodon: streaming frame not sent", "type", typ, "stream", sub.Stream, "error", err)
		return err
	}
	return nil
}

// parseWSMessage reads a message of the WebSocket server: an event, or
// an error (reported for path); ok is false for anything else.
func parseWSMessage(msg []byte, path string) (ev Event, ok bool, err error) {
	var m struct {
		Stream  []string        `json:"stream"`
		Event   string          `json:"event"`
		Payload json.RawMessage `json:"payload"`
		Error   string          `json:"error"`
		Status  int             `json:"status"`
	}
	if err := json.Unmarshal(msg, &m); err != nil {
		return Event{}, false, err
	}
	if m.Event == "" {
		if m.Error == "" {
			return Event{}, false, nil
		}
		return errorEvent(m.Stream, streamError(path, m.Status, m.Error)), true, nil
	}
	payload := bytes.TrimSpace(m.Payload)
	var text string
	if len(payload) > 0 && payload[0] == '"' && json.Unmarshal(payload, &text) == nil {
		// Mastodon sends the payload as a string of JSON.
		return Event{Stream: m.Stream, Event: m.Event, Payload: payloadOf(text)}, true, nil
	}
	return Event{Stream: m.Stream, Event: m.Event, Payload: payloadOf(string(payload))}, true, nil
}
