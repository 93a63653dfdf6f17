package mastodon

import (
	"context"
	"errors"
)

// OEmbed is the oEmbed description of a status: an iframe that shows it
// on another web page, and who wrote it.
//
// https://oembed.com/ (the "rich" type)
type OEmbed struct {
	// Type is the oEmbed type: "rich" for a status.
	Type string `json:"type"`
	// Version is the oEmbed version, "1.0".
	Version string `json:"version"`
	// Title describes the status, such as "New status by alice".
	Title string `json:"title"`
	// AuthorName and AuthorURL are the display name and profile page of
	// the status's author.
	AuthorName string `json:"author_name"`
	AuthorURL  string `json:"author_url"`
	// ProviderName and ProviderURL name the server and its home page.
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	// CacheAge is how long the description may be cached, in seconds.
	CacheAge int `json:"cache_age"`
	// HTML is the markup to embed: an iframe and the server's embed
	// script.
	HTML string `json:"html"`
	// Width and Height are the iframe's size in pixels; 0 when not set
	// (the server sends null).
	Width  int `json:"width"`
	Height int `json:"height"`
}

// OEmbedOptions are the options of [OEmbedService.Get].
type OEmbedOptions struct {
	// MaxWidth is the width of the iframe in pixels: Mastodon's default
	// is 400.
	MaxWidth int `url:"maxwidth,omitempty"`
	// MaxHeight is the height of the iframe in pixels; none by default.
	MaxHeight int `url:"maxheight,omitempty"`
}

// Get returns the oEmbed description of the status at statusURL, a
// status page of this server. A URL that names no status the server
// shows gives [ErrNotFound]; a server without the endpoint gives a
// [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/oembed/#get
//
// GET /api/oembed
func (s *OEmbedService) Get(ctx context.Context, statusURL string, opts *OEmbedOptions) (*OEmbed, *Response, error) {
	if statusURL == "" {
		return nil, nil, errors.New("mastodon: Get needs the URL of a status")
	}
	o := struct {
		URL string `url:"url"`
		*OEmbedOptions
	}{statusURL, opts}
	oe, resp, err := get[OEmbed](ctx, s.client, "api/oembed", &o)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/oembed", false)
	}
	return oe, resp, nil
}
