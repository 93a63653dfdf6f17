package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wait bounds every wait of the streaming tests; none takes long when
// the code works.
const wait = 5 * time.Second

// fastStream are stream options with tiny backoffs.
func fastStream(o StreamOptions) *StreamOptions {
	o.MinBackoff, o.MaxBackoff = time.Millisecond, 5*time.Millisecond
	return &o
}

// compact returns the JSON of a testdata file on one line.
func compact(t *testing.T, name string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, []byte(corpus(t, name))))
	return b.String()
}

// wsFrame is a WebSocket message of the tests, as JSON with the payload
// a string of JSON, the way Mastodon sends it.
func wsFrame(t *testing.T, stream []string, event, payload string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"stream": stream, "event": event, "payload": payload})
	require.NoError(t, err)
	return string(b)
}

// wsPeer is the server's side of one WebSocket connection.
type wsPeer struct {
	conn   *websocket.Conn
	frames chan streamFrame
	ended  chan error // the error that ended the server's reads
}

// send writes a text message to the client.
func (p *wsPeer) send(t *testing.T, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	require.NoError(t, p.conn.Write(ctx, websocket.MessageText, []byte(msg)))
}

// frame returns the next frame the client sent.
func (p *wsPeer) frame(t *testing.T) streamFrame {
	t.Helper()
	select {
	case f := <-p.frames:
		return f
	case <-time.After(wait):
		t.Fatal("no frame from the client")
	}
	return streamFrame{}
}

// serveWS makes the mux a WebSocket streaming server that checks the
// token; each connection comes out of the channel.
func serveWS(t *testing.T, mux *http.ServeMux) <-chan *wsPeer {
	peers := make(chan *wsPeer, 8)
	mux.HandleFunc("GET /api/v1/streaming", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		assert.Empty(t, r.URL.RawQuery, "the token is never in the URL")
		assert.Contains(t, r.Header.Get("User-Agent"), "fedikit/")
		conn, err := websocket.Accept(w, r, nil)
		if !assert.NoError(t, err) {
			return
		}
		p := &wsPeer{conn: conn, frames: make(chan streamFrame, 16), ended: make(chan error, 1)}
		peers <- p
		for {
			_, msg, err := conn.Read(context.Background())
			if err != nil {
				p.ended <- err
				return
			}
			var f streamFrame
			assert.NoError(t, json.Unmarshal(msg, &f))
			p.frames <- f
		}
	})
	return peers
}

// nextPeer returns the next connection to the server.
func nextPeer(t *testing.T, peers <-chan *wsPeer) *wsPeer {
	t.Helper()
	select {
	case p := <-peers:
		return p
	case <-time.After(wait):
		t.Fatal("the client did not connect")
	}
	return nil
}

// nextEvent returns the next event of the stream.
func nextEvent(t *testing.T, s *Stream) Event {
	t.Helper()
	select {
	case ev, ok := <-s.Events():
		require.True(t, ok, "the stream stopped: %v", s.Err())
		return ev
	case <-time.After(wait):
		t.Fatal("no event")
	}
	return Event{}
}

// requireEnded checks that the stream's events channel is closed.
func requireEnded(t *testing.T, s *Stream) {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case _, ok := <-s.Events():
			if !ok {
				return
			}
		case <-timeout:
			t.Fatal("the events channel stays open")
		}
	}
}

// wsURL is the client's server URL with the ws scheme.
func wsURL(c *Client) string {
	return strings.Replace(c.BaseURL().String(), "http://", "ws://", 1)
}

func TestStreamWebSocket(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 200, `{"domain":"social.example","configuration":{"urls":{"streaming":"`+wsURL(c)+`"}}}`)
	})
	peers := serveWS(t, mux)
	user, tag := Subscription{Stream: StreamUser}, Subscription{Stream: StreamHashtag, Tag: "foo"}

	s, err := c.Stream(t.Context(), fastStream(StreamOptions{}), user, tag, user)
	require.NoError(t, err)
	defer s.Close()

	first := nextPeer(t, peers)
	assert.Equal(t, streamFrame{Type: "subscribe", Stream: "user"}, first.frame(t))
	assert.Equal(t, streamFrame{Type: "subscribe", Stream: "hashtag", Tag: "foo"}, first.frame(t))
	first.send(t, corpus(t, "docs/method_streaming_authorization_03.json"))
	first.send(t, corpus(t, "docs/method_streaming_authorization_04.json"))

	ev := nextEvent(t, s)
	assert.Equal(t, []string{"public"}, ev.Stream)
	assert.Equal(t, EventUpdate, ev.Event)
	st, err := ev.Status()
	require.NoError(t, err)
	assert.Equal(t, ID("108913983692647032"), st.ID)
	assert.Equal(t, "tobtobxx@fosstodon.org", st.Account.Acct)
	ev = nextEvent(t, s)
	id, ok := ev.DeletedID()
	assert.True(t, ok)
	assert.Equal(t, ID("106692867363994015"), id)

	// The server drops the connection: the client comes back and
	// subscribes again.
	require.NoError(t, first.conn.CloseNow())
	second := nextPeer(t, peers)
	assert.Equal(t, streamFrame{Type: "subscribe", Stream: "user"}, second.frame(t))
	assert.Equal(t, streamFrame{Type: "subscribe", Stream: "hashtag", Tag: "foo"}, second.frame(t))
	second.send(t, wsFrame(t, []string{"user"}, EventStatusUpdate, compact(t, "gotosocial/mastodon-status.json")))
	ev = nextEvent(t, s)
	assert.Equal(t, []string{"user"}, ev.Stream)
	st, err = ev.Status()
	require.NoError(t, err)
	assert.Equal(t, ID("01M8A82VYGW7CV55EGCHY8KK98"), st.ID)

	// Subscriptions change on the live connection.
	list := Subscription{Stream: StreamList, List: "12"}
	require.NoError(t, s.Subscribe(t.Context(), list))
	assert.Equal(t, streamFrame{Type: "subscribe", Stream: "list", List: "12"}, second.frame(t))
	require.NoError(t, s.Subscribe(t.Context(), list), "twice is once")
	require.NoError(t, s.Unsubscribe(t.Context(), tag))
	assert.Equal(t, streamFrame{Type: "unsubscribe", Stream: "hashtag", Tag: "foo"}, second.frame(t))
	require.NoError(t, s.Unsubscribe(t.Context(), tag), "not subscribed: nothing to do")
	assert.Equal(t, []Subscription{user, list}, s.Subscriptions())

	// A refused subscription comes back as an error event.
	second.send(t, corpus(t, "docs/method_streaming_error-responses_02.json"))
	ev = nextEvent(t, s)
	assert.Equal(t, EventError, ev.Event)
	var er *ErrorResponse
	require.ErrorAs(t, ev.Err(), &er)
	assert.Equal(t, 400, er.StatusCode)
	assert.Equal(t, "Unknown stream type", er.Message)

	assert.Equal(t, StreamStats{Transport: TransportWebSocket, Connects: 2}, s.Stats())
	require.NoError(t, s.Close())
	select {
	case err := <-second.ended:
		assert.Equal(t, websocket.StatusNormalClosure, websocket.CloseStatus(err), "a clean closure: %v", err)
	case <-time.After(wait):
		t.Fatal("the server did not see the closure")
	}
	requireEnded(t, s)
	assert.NoError(t, s.Err())
	assert.ErrorIs(t, s.Subscribe(t.Context(), Subscription{Stream: StreamDirect}), net.ErrClosed)
	require.NoError(t, s.Close(), "twice")
}

func TestStreamContextEndsIt(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	peers := serveWS(t, mux)
	ctx, cancel := context.WithCancel(t.Context())
	s, err := c.Stream(ctx, &StreamOptions{URL: c.BaseURL().String()})
	require.NoError(t, err)
	p := nextPeer(t, peers)
	cancel()
	select {
	case err := <-p.ended:
		assert.Equal(t, websocket.StatusNormalClosure, websocket.CloseStatus(err))
	case <-time.After(wait):
		t.Fatal("the server did not see the closure")
	}
	requireEnded(t, s)
	assert.ErrorIs(t, s.Err(), context.Canceled)
}

func TestStreamWebSocketPingTimeout(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	second := make(chan struct{})
	mux.HandleFunc("GET /api/v1/streaming", func(w http.ResponseWriter, r *http.Request) {
		conn, err := websocket.Accept(w, r, nil)
		require.NoError(t, err)
		defer conn.CloseNow()
		switch n.Add(1) {
		case 1:
			// A server that never reads never answers a ping.
			select {
			case <-second:
			case <-time.After(wait):
			}
			return
		case 2:
			close(second)
		}
		_, _, _ = conn.Read(context.Background())
	})
	o := fastStream(StreamOptions{URL: wsURL(c)})
	o.pingInterval = 20 * time.Millisecond
	s, err := c.Stream(t.Context(), o)
	require.NoError(t, err)
	defer s.Close()
	select {
	case <-second:
	case <-time.After(wait):
		t.Fatal("the unanswered pings did not make the client reconnect")
	}
}

func TestStreamRefusedToken(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/streaming", func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, 401, `{"error":"Error: Invalid access token"}`)
	})
	mux.HandleFunc("GET /api/v1/streaming/user", func(w http.ResponseWriter, r *http.Request) {
		t.Error("no fallback after a refused token")
	})
	_, err := c.Stream(t.Context(), &StreamOptions{URL: c.BaseURL().String()}, Subscription{Stream: StreamUser})
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.ErrorContains(t, err, "Invalid access token")
}

func TestStreamTokenRevokedWhileStreaming(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var n atomic.Int32
	peers := make(chan *websocket.Conn, 1)
	mux.HandleFunc("GET /api/v1/streaming", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) > 1 {
			serveJSON(w, 401, `{"error":"Error: Invalid access token"}`)
			return
		}
		conn, err := websocket.Accept(w, r, nil)
		require.NoError(t, err)
		peers <- conn
		_, _, _ = conn.Read(context.Background())
	})
	s, err := c.Stream(t.Context(), fastStream(StreamOptions{URL: wsURL(c)}))
	require.NoError(t, err)
	defer s.Close()
	select {
	case conn := <-peers:
		_ = conn.CloseNow()
	case <-time.After(wait):
		t.Fatal("no connection")
	}
	requireEnded(t, s)
	assert.ErrorIs(t, s.Err(), ErrUnauthorized)
	assert.EqualValues(t, 2, n.Load(), "a refused token is not tried again")
}

// sseHandler serves the event stream of lines, then keeps the connection
// open until the client leaves, which it reports on left.
func sseHandler(t *testing.T, left chan<- string, check func(r *http.Request), lines ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
		assert.Equal(t, "text/event-stream", r.Header.Get("Accept"))
		if check != nil {
			check(r)
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		for _, l := range lines {
			_, _ = io.WriteString(w, l)
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		left <- r.URL.Path
	}
}

func TestStreamSSE(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	status := compact(t, "gotosocial/mastodon-status.json")
	announcement := corpus(t, "docs/entity_Announcement_01.json")
	left := make(chan string, 8)
	var tagConns atomic.Int32
	mux.HandleFunc("GET /api/v1/streaming/hashtag/local", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "foo", r.URL.Query().Get("tag"))
		assert.Empty(t, r.URL.Query().Get("access_token"))
		if tagConns.Add(1) == 1 {
			// The first connection ends after a few events.
			w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
			_, _ = io.WriteString(w, ":thump\n\n"+
				"event: update\ndata: "+status+"\n\n"+
				// The data of an event may span lines, CRLF ended.
				"event: announcement\r\ndata:"+strings.ReplaceAll(strings.TrimSpace(announcement), "\n", "\r\ndata:")+"\r\n\r\n"+
				"event: delete\ndata: 108914430312582020\n\n"+
				":thump\n"+
				"event: filters_changed\ndata: undefined\n\n")
			return
		}
		sseHandler(t, left, nil, "event: announcement.delete\ndata: 8\n\n")(w, r)
	})
	mux.HandleFunc("GET /api/v1/streaming/user/notification", sseHandler(t, left, nil,
		"event: notification\ndata: "+compactFirst(t, "gotosocial/mastodon-notifications.json")+"\n\n"))
	mux.HandleFunc("GET /api/v1/streaming/list", sseHandler(t, left, func(r *http.Request) {
		assert.Equal(t, "12", r.URL.Query().Get("list"))
	}, "event: update\ndata: "+status+"\n\n"))
	mux.HandleFunc("GET /api/v1/streaming/public/remote", sseHandler(t, left, func(r *http.Request) {
		assert.Equal(t, "true", r.URL.Query().Get("only_media"))
	}, ":thump\n"))

	tag := Subscription{Stream: StreamHashtagLocal, Tag: "foo"}
	s, err := c.Stream(t.Context(), fastStream(StreamOptions{URL: c.BaseURL().String(), Transport: TransportSSE}), tag)
	require.NoError(t, err)
	defer s.Close()

	ev := nextEvent(t, s)
	assert.Equal(t, []string{"hashtag:local", "foo"}, ev.Stream)
	st, err := ev.Status()
	require.NoError(t, err)
	assert.Equal(t, ID("01M8A82VYGW7CV55EGCHY8KK98"), st.ID)
	ev = nextEvent(t, s)
	a, err := ev.Announcement()
	require.NoError(t, err, "%s", ev.Payload)
	assert.Equal(t, ID("8"), a.ID)
	ev = nextEvent(t, s)
	id, ok := ev.DeletedID()
	assert.True(t, ok)
	assert.Equal(t, ID("108914430312582020"), id, "a bare id over SSE")
	ev = nextEvent(t, s)
	assert.Equal(t, EventFiltersChanged, ev.Event)
	assert.Nil(t, ev.Payload)

	// The server ended the stream: the client came back.
	ev = nextEvent(t, s)
	id, ok = ev.DeletedID()
	assert.True(t, ok)
	assert.Equal(t, ID("8"), id)
	assert.EqualValues(t, 2, tagConns.Load())

	// More subscriptions, one connection each.
	require.NoError(t, s.Subscribe(t.Context(), Subscription{Stream: StreamUserNotification}))
	ev = nextEvent(t, s)
	n, err := ev.Notification()
	require.NoError(t, err)
	assert.Equal(t, ID("01M8A871ZCGQWYP9GQMDY2W47B"), n.ID)
	assert.Equal(t, []string{"user:notification"}, ev.Stream)

	list := Subscription{Stream: StreamList, List: "12"}
	require.NoError(t, s.Subscribe(t.Context(), list))
	require.NoError(t, s.Subscribe(t.Context(), list), "twice is once")
	ev = nextEvent(t, s)
	assert.Equal(t, []string{"list", "12"}, ev.Stream)
	require.NoError(t, s.Unsubscribe(t.Context(), list))
	assert.Equal(t, "/api/v1/streaming/list", waitLeft(t, left))

	require.NoError(t, s.Subscribe(t.Context(), Subscription{Stream: StreamPublicRemoteMedia}))
	assert.Equal(t, StreamStats{Transport: TransportSSE, Connects: 5}, s.Stats())

	require.NoError(t, s.Close())
	var paths []string
	for range 3 {
		paths = append(paths, waitLeft(t, left))
	}
	assert.ElementsMatch(t, []string{"/api/v1/streaming/hashtag/local", "/api/v1/streaming/user/notification", "/api/v1/streaming/public/remote"}, paths)
	requireEnded(t, s)
}

// compactFirst returns the first element of a JSON array file on one
// line.
func compactFirst(t *testing.T, name string) string {
	t.Helper()
	var list []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(corpus(t, name)), &list))
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, list[0]))
	return b.String()
}

// waitLeft returns the path of the next connection the client left.
func waitLeft(t *testing.T, left <-chan string) string {
	t.Helper()
	select {
	case p := <-left:
		return p
	case <-time.After(wait):
		t.Fatal("the client did not leave")
	}
	return ""
}

func TestStreamSSESilence(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var conns atomic.Int32
	left := make(chan string, 4)
	mux.HandleFunc("GET /api/v1/streaming/direct", func(w http.ResponseWriter, r *http.Request) {
		n := conns.Add(1)
		sseHandler(t, left, nil, fmt.Sprintf("event: conversation\ndata: {\"id\":\"%d\",\"unread\":true,\"accounts\":[],\"last_status\":null}\n\n", n))(w, r)
	})
	o := fastStream(StreamOptions{URL: c.BaseURL().String(), Transport: TransportSSE})
	o.idleTimeout = 50 * time.Millisecond
	s, err := c.Stream(t.Context(), o, Subscription{Stream: StreamDirect})
	require.NoError(t, err)
	defer s.Close()

	conv, err := nextEvent(t, s).Conversation()
	require.NoError(t, err)
	assert.Equal(t, ID("1"), conv.ID)
	assert.Equal(t, "/api/v1/streaming/direct", waitLeft(t, left), "the silent connection is left")
	conv, err = nextEvent(t, s).Conversation()
	require.NoError(t, err)
	assert.Equal(t, ID("2"), conv.ID, "and made again")
}

// resetCounter counts the resets of a timer.
type resetCounter struct{ n int }

func (r *resetCounter) Reset(time.Duration) bool { r.n++; return true }

func TestIdleReaderHeartbeats(t *testing.T) {
	t.Parallel()
	// Every read that brings bytes, such as a ":thump" heartbeat,
	// pushes back the idle timeout.
	var rc resetCounter
	r := &idleReader{r: oneByteReader{strings.NewReader(":thump\n")}, idle: &rc, d: time.Minute}
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, ":thump\n", string(b))
	assert.Equal(t, len(":thump\n"), rc.n, "one reset per read with data, none at the end")
}

func TestStreamSSERefusals(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var listConns atomic.Int32
	mux.HandleFunc("GET /api/v1/streaming/list", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("list") {
		case "404":
			serveJSON(w, 404, `{"error":"Not found"}`)
		case "gone":
			if listConns.Add(1) == 1 {
				// A stream that the server ends at once.
				w.Header().Set("Content-Type", "text/event-stream")
				_, _ = io.WriteString(w, ":thump\n")
				return
			}
			serveJSON(w, 404, `{"error":"Not found"}`)
		}
	})
	mux.HandleFunc("GET /api/v1/streaming/public", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>not a stream</html>")
	})
	opts := fastStream(StreamOptions{URL: c.BaseURL().String(), Transport: TransportSSE})

	_, err := c.Stream(t.Context(), opts, Subscription{Stream: StreamList, List: "404"})
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.Stream(t.Context(), opts, Subscription{Stream: StreamPublic})
	assert.ErrorIs(t, err, ErrNotSupported)
	_, err = c.Stream(t.Context(), opts, Subscription{Stream: "public:bubble"})
	assert.ErrorContains(t, err, "no server-sent events endpoint")

	s, err := c.Stream(t.Context(), opts)
	require.NoError(t, err)
	defer s.Close()
	assert.ErrorIs(t, s.Subscribe(t.Context(), Subscription{Stream: StreamList, List: "404"}), ErrNotFound)
	assert.Empty(t, s.Subscriptions())

	// A list deleted while streaming: the reconnection is refused, which
	// ends that subscription with an error event.
	gone := Subscription{Stream: StreamList, List: "gone"}
	require.NoError(t, s.Subscribe(t.Context(), gone))
	ev := nextEvent(t, s)
	assert.Equal(t, EventError, ev.Event)
	assert.Equal(t, []string{"list", "gone"}, ev.Stream)
	assert.ErrorIs(t, ev.Err(), ErrNotFound)
	assert.JSONEq(t, `{"error":"Not found","status":404}`, string(ev.Payload))
	assert.Empty(t, s.Subscriptions())
	assert.EqualValues(t, 2, listConns.Load())
}

func TestStreamFallsBackToSSE(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	mux.HandleFunc("GET /api/v1/streaming", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "websocket", r.Header.Get("Upgrade"))
		serveJSON(w, 400, corpus(t, "docs/method_streaming_error-responses_01.json"))
	})
	left := make(chan string, 1)
	mux.HandleFunc("GET /api/v1/streaming/user", sseHandler(t, left, nil, "event: delete\ndata: 42\n\n"))

	s, err := c.Stream(t.Context(), fastStream(StreamOptions{URL: c.BaseURL().String()}), Subscription{Stream: StreamUser})
	require.NoError(t, err)
	defer s.Close()
	id, ok := nextEvent(t, s).DeletedID()
	assert.True(t, ok)
	assert.Equal(t, ID("42"), id)
	assert.Equal(t, TransportSSE, s.Stats().Transport)
	require.NoError(t, s.Close())
	assert.Equal(t, "/api/v1/streaming/user", waitLeft(t, left))
}

func TestStreamSlowReader(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	peers := serveWS(t, mux)
	s, err := c.Stream(t.Context(), &StreamOptions{URL: c.BaseURL().String(), Buffer: 2})
	require.NoError(t, err)
	defer s.Close()
	p := nextPeer(t, peers)
	for i := 1; i <= 5; i++ {
		p.send(t, wsFrame(t, []string{"public"}, EventDelete, fmt.Sprint(i)))
	}
	require.Eventually(t, func() bool { return s.Stats().Dropped == 3 }, wait, time.Millisecond)
	for _, want := range []ID{"4", "5"} {
		id, _ := nextEvent(t, s).DeletedID()
		assert.Equal(t, want, id, "the newest events are kept")
	}
}

func TestStreamInvalidSubscriptions(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, nil)
	for _, sub := range []Subscription{{}, {Stream: StreamHashtag}, {Stream: StreamHashtagLocal}, {Stream: StreamList}} {
		_, err := c.Stream(t.Context(), nil, sub)
		assert.Error(t, err, "%+v", sub)
	}
	_, err := c.Stream(t.Context(), &StreamOptions{Transport: 7})
	assert.Error(t, err)
}

func TestStreamingHealth(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, nil)
	var answer atomic.Value
	answer.Store("OK")
	mux.HandleFunc("GET /api/v1/streaming/health", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("Authorization"), "a public endpoint")
		switch a := answer.Load().(string); a {
		case "503":
			serveJSON(w, 503, `{"error":"down"}`)
		default:
			_, _ = io.WriteString(w, a)
		}
	})
	// No instance document here: the client's own URL is used.
	require.NoError(t, c.StreamingHealth(t.Context(), nil))
	require.NoError(t, c.StreamingHealth(t.Context(), &StreamOptions{URL: wsURL(c) + "api/v1/streaming"}))
	answer.Store("503")
	assert.ErrorIs(t, c.StreamingHealth(t.Context(), nil), ErrServer)
	answer.Store("<html>maintenance</html>")
	assert.ErrorContains(t, c.StreamingHealth(t.Context(), nil), "not OK")

	c2, _ := setup(t, nil)
	assert.ErrorIs(t, c2.StreamingHealth(t.Context(), nil), ErrNotFound)
}

func TestParseStreamingURL(t *testing.T) {
	t.Parallel()
	https, err := url.Parse("https://social.example/")
	require.NoError(t, err)
	for _, tc := range []struct {
		raw, want  string
		fromServer bool
	}{
		{raw: "wss://streaming.social.example", want: "https://streaming.social.example/"},
		{raw: "wss://social.example/api/v1/streaming/", want: "https://social.example/"},
		{raw: "https://social.example/sub/api/v1/streaming", want: "https://social.example/sub/"},
		{raw: "ws://10.0.0.2:4000", want: "http://10.0.0.2:4000/"},
		{raw: "ws://streaming.social.example", fromServer: true},
		{raw: "ftp://social.example"},
		{raw: "streaming.social.example"},
		{raw: "wss://user:pw@social.example"},
		{raw: "wss://social.example/?access_token=x"},
	} {
		u, err := parseStreamingURL(tc.raw, https, tc.fromServer)
		if tc.want == "" {
			assert.Error(t, err, tc.raw)
			if err != nil {
				assert.NotContains(t, err.Error(), "pw")
			}
			continue
		}
		require.NoError(t, err, tc.raw)
		assert.Equal(t, tc.want, u.String())
	}
}

func TestEventAccessors(t *testing.T) {
	t.Parallel()
	parse := func(msg string) Event {
		t.Helper()
		ev, ok, err := parseWSMessage([]byte(msg), "/api/v1/streaming")
		require.NoError(t, err)
		require.True(t, ok)
		return ev
	}
	update := parse(corpus(t, "docs/method_streaming_authorization_03.json"))
	_, err := update.Notification()
	assert.ErrorContains(t, err, `"update" event carries no notification`)
	_, ok := update.DeletedID()
	assert.False(t, ok)
	assert.NoError(t, update.Err())

	del := parse(corpus(t, "docs/method_streaming_authorization_04.json"))
	assert.JSONEq(t, `"106692867363994015"`, string(del.Payload))
	_, err = del.Status()
	assert.Error(t, err)

	filters := parse(corpus(t, "docs/method_streaming_authorization_05.json"))
	assert.Equal(t, Event{Stream: []string{"user"}, Event: EventFiltersChanged}, filters)

	n, err := parse(wsFrame(t, []string{"user"}, EventNotification, compactFirst(t, "gotosocial/mastodon-notifications.json"))).Notification()
	require.NoError(t, err)
	assert.Equal(t, NotificationType("mention"), n.Type)

	r, err := parse(wsFrame(t, []string{"user"}, EventAnnouncementReaction, `{"name":"🤔","count":1,"announcement_id":"1"}`)).AnnouncementReaction()
	require.NoError(t, err)
	assert.Equal(t, &AnnouncementReaction{AnnouncementID: "1", Name: "🤔", Count: 1}, r)

	// A payload that is an object, not a string of JSON, is taken too.
	st, err := parse(`{"stream":["user"],"event":"update","payload":` + compact(t, "gotosocial/mastodon-status.json") + `}`).Status()
	require.NoError(t, err)
	assert.Equal(t, ID("01M8A82VYGW7CV55EGCHY8KK98"), st.ID)

	broken := parse(wsFrame(t, []string{"user"}, EventUpdate, `{"id":`))
	_, err = broken.Status()
	assert.Error(t, err)
	_, err = Event{Event: EventUpdate}.Status()
	assert.ErrorContains(t, err, "no payload")

	errEv := Event{Event: EventError, Payload: json.RawMessage(`{"error":"Unknown channel requested"}`)}
	var er *ErrorResponse
	require.ErrorAs(t, errEv.Err(), &er)
	assert.Equal(t, 400, er.StatusCode)
	assert.Equal(t, "Unknown channel requested", er.Message)

	_, ok, err = parseWSMessage([]byte(`{"hello":1}`), "/")
	assert.False(t, ok)
	assert.NoError(t, err)
	_, _, err = parseWSMessage([]byte(`not json`), "/")
	assert.Error(t, err)
}

func TestPayloadOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                    "",
		"undefined":           "",
		" null ":              "",
		"107214471804101576":  `"107214471804101576"`,
		`"1"`:                 `"1"`,
		`{"id":"1"}`:          `{"id":"1"}`,
		"[1,\n2]":             "[1,\n2]",
		`{"id":`:              `"{\"id\":"`,
		"just words, no JSON": `"just words, no JSON"`,
	} {
		assert.Equal(t, want, string(payloadOf(in)), in)
	}
}

func TestParseSSE(t *testing.T) {
	t.Parallel()
	type ev struct{ Event, Data string }
	parse := func(in string, limit int) ([]ev, error) {
		var got []ev
		err := parseSSE(strings.NewReader(in), limit, func(e, d string) { got = append(got, ev{e, d}) })
		return got, err
	}
	got, err := parse(":thump\n\nevent: update\ndata: {\"a\":\ndata:1}\n\n"+
		"event:delete\r\ndata:7\r\n\r\n"+
		"event: x\rdata: lone CR\r\r"+
		"data: no name\nid: 3\nretry: 10\n\n"+
		"event: no data\n\n"+
		"data\n\n"+
		"event: cut\ndata: at the end", 1<<10)
	assert.ErrorIs(t, err, errSSEEnded)
	assert.Equal(t, []ev{
		{"update", "{\"a\":\n1}"},
		{"delete", "7"},
		{"x", "lone CR"},
		{"message", "no name"},
		{"message", ""},
	}, got)

	_, err = parse("data: "+strings.Repeat("x", 100)+"\n\n", 64)
	assert.ErrorContains(t, err, "line is longer than 72")
	_, err = parse(strings.Repeat("data: "+strings.Repeat("x", 20)+"\n", 5)+"\n", 64)
	assert.ErrorContains(t, err, "event is longer than 64")
	_, err = parse(":"+strings.Repeat("x", 200)+"\n", 64)
	assert.ErrorContains(t, err, "line is longer than 72")
}

// oneByteReader returns one byte per Read, to cut lines at every place.
type oneByteReader struct{ r io.Reader }

func (r oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return r.r.Read(p[:1])
}

func TestParseSSEByteByByte(t *testing.T) {
	t.Parallel()
	var got []string
	err := parseSSE(oneByteReader{strings.NewReader("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r")}, 1<<10, func(e, d string) {
		got = append(got, e+"="+d)
	})
	assert.ErrorIs(t, err, errSSEEnded)
	assert.Equal(t, []string{"a=1", "b=2"}, got)
}

func FuzzParseSSE(f *testing.F) {
	f.Add("event: update\ndata: {}\n\n")
	f.Add(":thump\r\ndata:1\r\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		whole := 0
		_ = parseSSE(strings.NewReader(in), 256, func(e, d string) { whole++ })
		cut := 0
		_ = parseSSE(oneByteReader{strings.NewReader(in)}, 256, func(e, d string) { cut++ })
		if whole != cut {
			t.Errorf("%d events read whole, %d byte by byte", whole, cut)
		}
	})
}
