package mastodon

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Get returns the state of a background job the server started for an
// earlier request (Mastodon 4.4, an alpha API that may change). The ID
// comes from that request's Mastodon-Async-Refresh header: see
// [Response.AsyncRefresh]. An ID the server no longer knows gives an
// error matching [ErrNotFound]; Mastodon answers it as it answers a
// server without the endpoint, so no [*NotSupportedError] is made.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/async_refreshes/#show
//
// GET /api/v1_alpha/async_refreshes/:id
func (s *AsyncRefreshesService) Get(ctx context.Context, id ID) (*AsyncRefresh, *Response, error) {
	seg, err := segment("async refresh id", string(id))
	if err != nil {
		return nil, nil, err
	}
	body, resp, err := get[struct {
		AsyncRefresh *AsyncRefresh `json:"async_refresh"`
	}](ctx, s.client, "api/v1_alpha/async_refreshes/"+seg, nil)
	if err != nil {
		return nil, resp, err
	}
	if body.AsyncRefresh == nil {
		return nil, resp, errors.New("mastodon: GET /api/v1_alpha/async_refreshes/:id: the answer has no async_refresh")
	}
	return body.AsyncRefresh, resp, nil
}

// AsyncRefreshHint is what a Mastodon-Async-Refresh header says: a
// background job is still adding to the answer (Mastodon 4.4).
type AsyncRefreshHint struct {
	// ID names the job for [AsyncRefreshesService.Get].
	ID ID
	// Retry is how long to wait at least before asking again, about the
	// job or for the same resource; zero if the header does not say.
	Retry time.Duration
	// ResultCount is how many results the job has found so far, or nil
	// if the header does not say.
	ResultCount *int
}

// AsyncRefresh reads the answer's Mastodon-Async-Refresh header, such
// as `id="…", retry=3`. It reports false when there is none, or when it
// names no job.
func (r *Response) AsyncRefresh() (*AsyncRefreshHint, bool) {
	if r == nil || r.Response == nil {
		return nil, false
	}
	return parseAsyncRefresh(r.Header.Get("Mastodon-Async-Refresh"))
}

// parseAsyncRefresh reads a Mastodon-Async-Refresh header: key=value
// pairs separated by commas, the values integers or quoted strings.
// Unknown keys and values that do not parse are skipped.
func parseAsyncRefresh(h string) (*AsyncRefreshHint, bool) {
	var hint AsyncRefreshHint
	for s := h; s != ""; {
		s = strings.TrimLeft(s, " \t,")
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			break
		}
		key := strings.ToLower(strings.TrimSpace(s[:eq]))
		s = strings.TrimLeft(s[eq+1:], " \t")
		var value string
		if strings.HasPrefix(s, `"`) {
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			value, s = b.String(), s[min(i+1, len(s)):]
		} else {
			end := strings.IndexByte(s, ',')
			if end < 0 {
				end = len(s)
			}
			value, s = strings.TrimSpace(s[:end]), s[end:]
		}
		// Skip what follows the value up to the next pair.
		if end := strings.IndexByte(s, ','); end >= 0 {
			s = s[end:]
		} else {
			s = ""
		}
		switch key {
		case "id":
			hint.ID = ID(value)
		case "retry":
			if n, err := strconv.Atoi(value); err == nil && n >= 0 {
				hint.Retry = time.Duration(n) * time.Second
			}
		case "result_count":
			if n, err := strconv.Atoi(value); err == nil && n >= 0 {
				hint.ResultCount = &n
			}
		}
	}
	if hint.ID == "" {
		return nil, false
	}
	return &hint, true
}
