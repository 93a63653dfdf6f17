package mastodon

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sync/atomic"
	"time"
)

// The server-sent events transport of a Stream: one long-lived GET per
// subscription, read as an event stream (the HTML Living Standard's
// text/event-stream format).

// ssePath is the endpoint of a subscription under /api/v1/streaming, and
// its query.
func ssePath(sub Subscription) (string, url.Values, error) {
	q := url.Values{}
	var p string
	switch sub.Stream {
	case StreamUser:
		p = "user"
	case StreamUserNotification:
		p = "user/notification"
	case StreamPublic, StreamPublicMedia:
		p = "public"
	case StreamPublicLocal, StreamPublicLocalMedia:
		p = "public/local"
	case StreamPublicRemote, StreamPublicRemoteMedia:
		p = "public/remote"
	case StreamHashtag:
		p = "hashtag"
	case StreamHashtagLocal:
		p = "hashtag/local"
	case StreamList:
		p = "list"
	case StreamDirect:
		p = "direct"
	default:
		return "", nil, fmt.Errorf("mastodon: stream %q has no server-sent events endpoint", sub.Stream)
	}
	switch sub.Stream {
	case StreamPublicMedia, StreamPublicLocalMedia, StreamPublicRemoteMedia:
		q.Set("only_media", "true")
	case StreamHashtag, StreamHashtagLocal:
		q.Set("tag", sub.Tag)
	case StreamList:
		q.Set("list", string(sub.List))
	}
	return p, q, nil
}

// sseSub is a subscription's connection loop.
type sseSub struct {
	cancel context.CancelFunc
}

// sseConn is an open event stream.
type sseConn struct {
	body   io.ReadCloser
	cancel context.CancelFunc // ends the request
}

func (c *sseConn) close() {
	c.cancel()
	_ = c.body.Close()
}

// subscribeSSE opens the connection of a subscription, with ctx bounding
// the request, and starts reading it.
func (s *Stream) subscribeSSE(ctx context.Context, sub Subscription) error {
	if _, _, err := ssePath(sub); err != nil {
		return err
	}
	s.mu.Lock()
	_, dup := s.sse[sub]
	closed := s.closed || s.ctx.Err() != nil
	s.mu.Unlock()
	switch {
	case closed:
		return errStreamClosed
	case dup:
		return nil
	}

	subCtx, cancel := context.WithCancel(s.ctx)
	conn, err := s.openSSE(ctx, subCtx, sub)
	if err != nil {
		cancel()
		return err
	}
	s.mu.Lock()
	_, dup = s.sse[sub]
	if s.closed || dup {
		s.mu.Unlock()
		conn.close()
		cancel()
		if dup {
			return nil
		}
		return errStreamClosed
	}
	me := &sseSub{cancel: cancel}
	s.subs = append(s.subs, sub)
	s.sse[sub] = me
	s.wg.Add(1)
	s.mu.Unlock()
	go s.runSSE(subCtx, me, sub, conn)
	return nil
}

// openSSE sends the request of a subscription. ctx bounds the handshake,
// connCtx the connection.
func (s *Stream) openSSE(ctx, connCtx context.Context, sub Subscription) (*sseConn, error) {
	p, q, err := ssePath(sub)
	if err != nil {
		return nil, err
	}
	u := *s.endpoint
	u.Path, u.RawPath, u.RawQuery = s.endpoint.Path+"/"+p, "", q.Encode()
	connCtx, cancel := context.WithCancel(connCtx)
	req, err := http.NewRequestWithContext(connCtx, http.MethodGet, u.String(), nil)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("mastodon: %w", err)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cache-Control", "no-cache")
	req.Header.Set("User-Agent", s.c.userAgent)

	timer := time.AfterFunc(streamHandshakeTimeout, cancel)
	stop := context.AfterFunc(ctx, cancel)
	resp, err := s.c.streaming.Do(req)
	inTime, notCancelled := timer.Stop(), stop()
	if err == nil && (!inTime || !notCancelled) {
		_ = resp.Body.Close()
		err = errors.New("cancelled")
	}
	if err != nil {
		cancel()
		err = urlErrorCause(err)
		switch {
		case ctx.Err() != nil && !errors.Is(err, ctx.Err()):
			err = fmt.Errorf("%w (%w)", ctx.Err(), err)
		case !inTime:
			err = fmt.Errorf("no answer in %v: %w", streamHandshakeTimeout, err)
		}
		return nil, fmt.Errorf("mastodon: GET %s: %w", u.Path, err)
	}
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_ = resp.Body.Close()
		cancel()
		return nil, s.handshakeError(resp, body)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		_ = resp.Body.Close()
		cancel()
		return nil, &NotSupportedError{Feature: "GET /api/v1/streaming/" + p}
	}
	s.connects.Add(1)
	s.log.DebugContext(connCtx, "mastodon: streaming connected", "transport", "sse", "stream", sub.Stream)
	return &sseConn{body: resp.Body, cancel: cancel}, nil
}

// refusesSubscription reports whether err is the server's refusal of a
// subscription (an unknown list, a stream it lacks), which reconnecting
// will not mend.
func refusesSubscription(err error) bool {
	var e *ErrorResponse
	if errors.As(err, &e) {
		switch e.StatusCode {
		case http.StatusBadRequest, http.StatusNotFound, http.StatusGone, http.StatusUnprocessableEntity:
			return true
		}
	}
	return errors.Is(err, ErrNotSupported)
}

// runSSE reads the connection of a subscription, and the next ones after
// it breaks, until ctx ends.
func (s *Stream) runSSE(ctx context.Context, me *sseSub, sub Subscription, conn *sseConn) {
	defer s.wg.Done()
	defer me.cancel()
	names := sub.names()
	var err error
	for attempt := 0; ; {
		if conn != nil {
			began := time.Now()
			err = s.readSSE(conn, names)
			if ctx.Err() != nil {
				return
			}
			s.log.InfoContext(ctx, "mastodon: streaming connection lost", "transport", "sse", "stream", sub.Stream, "error", err)
			if time.Since(began) >= s.stable() {
				attempt = 0
			}
		}
		if !sleep(ctx, s.backoff(attempt, err)) {
			return
		}
		attempt++
		conn, err = s.openSSE(ctx, ctx, sub)
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return
		}
		switch {
		case refusesToken(err):
			s.fail(err)
			return
		case refusesSubscription(err):
			s.mu.Lock()
			if s.sse[sub] == me {
				delete(s.sse, sub)
				s.subs = slices.DeleteFunc(s.subs, func(x Subscription) bool { return x == sub })
			}
			s.mu.Unlock()
			s.log.WarnContext(ctx, "mastodon: the streaming server refused a subscription", "stream", sub.Stream, "error", err)
			s.deliver(errorEvent(names, err))
			return
		}
		s.log.InfoContext(ctx, "mastodon: streaming reconnection failed", "transport", "sse", "stream", sub.Stream, "attempt", attempt, "error", err)
	}
}

// readSSE delivers the events of a connection until it breaks, or stays
// silent longer than the idle timeout.
func (s *Stream) readSSE(conn *sseConn, names []string) error {
	defer conn.close()
	var silent atomic.Bool
	idle := time.AfterFunc(s.idleTimeout, func() {
		silent.Store(true)
		conn.cancel()
	})
	defer idle.Stop()
	err := parseSSE(&idleReader{r: conn.body, idle: idle, d: s.idleTimeout}, MaxStreamMessage, func(event, data string) {
		s.deliver(Event{Stream: slices.Clone(names), Event: event, Payload: payloadOf(data)})
	})
	if silent.Load() {
		return fmt.Errorf("mastodon: no data from the streaming server in %v", s.idleTimeout)
	}
	return err
}

// idleReader pushes back a timer (a *time.Timer) on every read that
// returns data.
type idleReader struct {
	r    io.Reader
	idle interface{ Reset(time.Duration) bool }
	d    time.Duration
}

func (r *idleReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.idle.Reset(r.d)
	}
	return n, err
}

// errSSEEnded is the end of an event stream by the server.
var errSSEEnded = errors.New("mastodon: the streaming server ended the event stream")

// parseSSE reads an event stream, calling emit with the type and data of
// each event; comments (":thump"), id and retry fields are skipped. A
// line, or an event's data, longer than limit ends it with an error. It
// returns the error that ended the stream, errSSEEnded at its end.
func parseSSE(r io.Reader, limit int, emit func(event, data string)) error {
	// A line holds the data and its field name.
	maxLine := limit + len("data: \r\n")
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, min(4096, maxLine)), maxLine)
	sc.Split(scanSSELine)
	var (
		event   string
		data    []byte
		hasData bool
	)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			// A blank line ends an event; one without data is none.
			if hasData {
				if event == "" {
					event = "message"
				}
				emit(event, string(data))
			}
			event, data, hasData = "", data[:0], false
			continue
		}
		if line[0] == ':' {
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(field) {
		case "event":
			event = string(value)
		case "data":
			if hasData {
				data = append(data, '\n')
			}
			data, hasData = append(data, value...), true
			if len(data) > limit {
				return fmt.Errorf("mastodon: a server-sent event is longer than %d bytes", limit)
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("mastodon: a server-sent event line is longer than %d bytes", maxLine)
		}
		return err
	}
	return errSSEEnded
}

// scanSSELine splits an event stream into lines ended by CRLF, LF or CR.
func scanSSELine(data []byte, atEOF bool) (int, []byte, error) {
	end := len(data)
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		end = i
	}
	if i := bytes.IndexByte(data[:end], '\r'); i >= 0 {
		switch {
		case i+1 < len(data) && data[i+1] == '\n':
			return i + 2, data[:i], nil
		case i+1 < len(data) || atEOF:
			return i + 1, data[:i], nil
		}
		// A CR at the end of the buffer: an LF may follow.
		return 0, nil, nil
	}
	if end < len(data) {
		return end + 1, data[:end], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}
