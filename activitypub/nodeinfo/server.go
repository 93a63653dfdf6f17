package nodeinfo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// Source gives the NodeInfo document a [NewHandler] handler serves. It is
// called on every request for the document, so that counts stay current;
// caching, if counting is costly, is up to the implementation. The
// returned document is not modified. A Source must be safe for concurrent
// use.
type Source interface {
	NodeInfo(ctx context.Context) (*NodeInfo, error)
}

// SourceFunc adapts a function to [Source].
type SourceFunc func(ctx context.Context) (*NodeInfo, error)

// NodeInfo calls f.
func (f SourceFunc) NodeInfo(ctx context.Context) (*NodeInfo, error) { return f(ctx) }

// HandlerOptions configures [NewHandler].
type HandlerOptions struct {
	// BaseURL is the public URL of the server, such as
	// "https://social.example", from which the discovery document's
	// absolute link is built (BaseURL + Path). Required. A path in it is
	// kept, for servers mounted under a prefix by a reverse proxy.
	BaseURL string

	// Path is the path at which the handler serves the NodeInfo 2.1
	// document, as it sees it in requests. Empty means "/nodeinfo/2.1".
	Path string

	// Logger receives an error record when the Source fails. Nil discards
	// them.
	Logger *slog.Logger
}

// DefaultPath is the default path of the served NodeInfo document.
const DefaultPath = "/nodeinfo/2.1"

const (
	contentTypeJSON = "application/json"
	contentType21   = `application/json; profile="` + Schema21 + `#"`
)

type handler struct {
	src       Source
	path      string
	discovery []byte
	logger    *slog.Logger
}

// NewHandler returns an http.Handler that serves the discovery document at
// [WellKnownPath] and the NodeInfo 2.1 document from src at opts.Path;
// every other path answers 404, so mount it on exactly those two paths or
// in front of a mux's fallback. Paths match exactly, without redirects.
//
// Both answer GET and HEAD, and 405 with an Allow header to other methods,
// with Access-Control-Allow-Origin: * so that web pages may read them.
// The discovery document is application/json and links to the document
// with the rel [Schema21]. The document is
// application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#",
// with the version set to "2.1", protocols ["activitypub"] when the Source
// gives none, and the rest written by [NodeInfo.MarshalJSON] (empty arrays
// and "{}" rather than null). When the Source fails, the handler answers
// 500 without the error's text and logs the error.
//
// The handler is safe for concurrent use.
func NewHandler(src Source, opts HandlerOptions) (http.Handler, error) {
	if src == nil {
		return nil, errors.New("nodeinfo: NewHandler needs a Source")
	}
	if f, ok := src.(SourceFunc); ok && f == nil {
		return nil, errors.New("nodeinfo: NewHandler needs a Source")
	}
	base, err := url.Parse(opts.BaseURL)
	switch {
	case opts.BaseURL == "":
		return nil, errors.New("nodeinfo: HandlerOptions.BaseURL is required")
	case err != nil:
		return nil, fmt.Errorf("nodeinfo: HandlerOptions.BaseURL: %w", err)
	case (base.Scheme != "https" && base.Scheme != "http") || base.Host == "":
		return nil, fmt.Errorf("nodeinfo: HandlerOptions.BaseURL %q: want an absolute http or https URL", opts.BaseURL)
	case base.User != nil || base.RawQuery != "" || base.ForceQuery || base.Fragment != "":
		return nil, fmt.Errorf("nodeinfo: HandlerOptions.BaseURL %q: want no user information, query or fragment", opts.BaseURL)
	}
	p := opts.Path
	if p == "" {
		p = DefaultPath
	}
	if !strings.HasPrefix(p, "/") || path.Clean(p) != p || strings.ContainsAny(p, "?#") || p == WellKnownPath {
		return nil, fmt.Errorf("nodeinfo: HandlerOptions.Path %q: want a clean absolute path other than %s", opts.Path, WellKnownPath)
	}
	href := *base
	href.Path = strings.TrimSuffix(base.Path, "/") + p
	href.RawPath = ""
	discovery, err := json.Marshal(map[string][]map[string]string{
		"links": {{"rel": Schema21, "href": href.String()}},
	})
	if err != nil {
		return nil, fmt.Errorf("nodeinfo: %w", err)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &handler{src: src, path: p, discovery: discovery, logger: logger}, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var doc bool
	switch r.URL.Path {
	case WellKnownPath:
	case h.path:
		doc = true
	default:
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	if !doc {
		h.write(w, r, contentTypeJSON, h.discovery)
		return
	}
	body, err := h.document(r.Context())
	if err != nil {
		h.logger.ErrorContext(r.Context(), "nodeinfo: cannot serve the document", slog.Any("error", err))
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h.write(w, r, contentType21, body)
}

// document gets the document from the Source and encodes it as 2.1.
func (h *handler) document(ctx context.Context) ([]byte, error) {
	n, err := h.src.NodeInfo(ctx)
	if err != nil {
		return nil, err
	}
	if n == nil {
		return nil, errors.New("nodeinfo: the Source returned no document")
	}
	d := *n // the Source's document stays as it is
	d.Version = "2.1"
	if len(d.Protocols) == 0 {
		d.Protocols = []string{"activitypub"}
	}
	return json.Marshal(d)
}

func (h *handler) write(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	hdr := w.Header()
	hdr.Set("Content-Type", contentType)
	hdr.Set("Access-Control-Allow-Origin", "*")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
