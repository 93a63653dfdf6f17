package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// unsupportedEndpoint turns the 404 answer of an endpoint the server
// lacks into a [*NotSupportedError] naming feature, and returns any other
// err as it is. With always, every 404 counts: the path names nothing
// that could be missing. Otherwise a 404 that says a record was not
// found (Mastodon's "Record not found", GoToSocial's "Not Found: …") is
// kept: the endpoint is there and the thing asked for is not. A missing
// route answers something else: Mastodon "Not Found" or an HTML page,
// GoToSocial "Not Found".
func unsupportedEndpoint(err error, feature string, always bool) error {
	var er *ErrorResponse
	if err == nil || !errors.As(err, &er) || er.StatusCode != http.StatusNotFound {
		return err
	}
	if !always && (strings.EqualFold(er.Message, "Record not found") || strings.HasPrefix(er.Message, "Not Found: ")) {
		return err
	}
	return &NotSupportedError{Feature: feature}
}

// Get returns the server's description: name, software, limits, rules,
// contact. Servers without the v2 document (Mastodon before 4.0, some
// other software) answer 404 to it; Get then reads the v1 document
// ([InstanceService.GetV1]) and converts it, and the Response is that of
// the v1 request (resp.Request.URL.Path ends in "/api/v1/instance").
//
// The conversion keeps the title, version, short description (the
// Description; the long one when there is no short one, and it may hold
// HTML), domain, languages, thumbnail URL, contact email and account,
// rules, registrations and approval, the streaming URL, and the limits
// on statuses, media, polls and (Mastodon 4.0) featured hashtags. What
// the v1 document lacks stays zero: SourceURL, Usage (v1 counts all
// users, not the active ones), Icon, APIVersions, the VAPID key,
// Translation, the other URLs, the registration message, and the newer
// limits and flags. What v1 has and v2 does not is lost: the user,
// status and domain counts, and whether invites are enabled; read them
// with GetV1.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#v2
//
// GET /api/v2/instance
func (s *InstanceService) Get(ctx context.Context) (*Instance, *Response, error) {
	in, resp, err := get[Instance](ctx, s.client, "api/v2/instance", nil)
	if errors.Is(err, ErrNotFound) {
		v1, resp, err := s.GetV1(ctx)
		if err != nil {
			return nil, resp, err
		}
		return instanceFromV1(v1), resp, nil
	}
	if err != nil {
		return nil, resp, err
	}
	return in, resp, nil
}

// instanceFromV1 converts a v1 instance document into the v2 form, as
// far as it goes (see [InstanceService.Get]).
func instanceFromV1(v1 *InstanceV1) *Instance {
	domain := v1.URI
	// Pleroma and Akkoma put a URL there.
	if i := strings.Index(domain, "://"); i >= 0 {
		domain = domain[i+3:]
	}
	domain = strings.TrimSuffix(domain, "/")
	desc := v1.ShortDescription
	if desc == "" {
		desc = v1.Description
	}
	in := &Instance{
		Domain:      domain,
		Title:       v1.Title,
		Version:     v1.Version,
		Description: desc,
		Thumbnail:   InstanceThumbnail{URL: v1.Thumbnail},
		Languages:   v1.Languages,
		Configuration: InstanceConfiguration{
			URLs:             InstanceURLs{Streaming: v1.URLs.StreamingAPI},
			Statuses:         v1.Configuration.Statuses,
			MediaAttachments: v1.Configuration.MediaAttachments,
			Polls:            v1.Configuration.Polls,
		},
		Registrations: InstanceRegistrations{Enabled: v1.Registrations, ApprovalRequired: v1.ApprovalRequired},
		Contact:       InstanceContact{Email: v1.Email, Account: v1.ContactAccount},
		Rules:         v1.Rules,
		Pleroma:       v1.Pleroma,
	}
	if a := v1.Configuration.Accounts; a != nil {
		in.Configuration.Accounts = *a
	}
	return in
}

// Peers lists the domains of the servers this one knows. Servers may
// keep it to users, or not publish it at all (a [*NotSupportedError]).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#peers
//
// GET /api/v1/instance/peers
func (s *InstanceService) Peers(ctx context.Context) ([]string, *Response, error) {
	peers, resp, err := list[string](ctx, s.client, "api/v1/instance/peers", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/peers", true)
	}
	return peers, resp, nil
}

// InstanceActivity is one week of a server's activity, from
// [InstanceService.Activity].
type InstanceActivity struct {
	// Week is the Unix time of the midnight that starts the week; see
	// WeekStart.
	Week StringInt `json:"week"`
	// Statuses is the number of statuses posted in the week.
	Statuses StringInt `json:"statuses"`
	// Logins is the number of logins in the week.
	Logins StringInt `json:"logins"`
	// Registrations is the number of sign-ups in the week.
	Registrations StringInt `json:"registrations"`
}

// WeekStart returns Week as a time in UTC.
func (a InstanceActivity) WeekStart() time.Time { return time.Unix(int64(a.Week), 0).UTC() }

// Activity returns the server's activity over the last twelve weeks,
// the current week first. Servers may keep it to users, or not publish
// it at all (a [*NotSupportedError]).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#activity
//
// GET /api/v1/instance/activity
func (s *InstanceService) Activity(ctx context.Context) ([]*InstanceActivity, *Response, error) {
	weeks, resp, err := list[*InstanceActivity](ctx, s.client, "api/v1/instance/activity", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/activity", true)
	}
	return weeks, resp, nil
}

// Rules lists the server's rules (Mastodon 3.4).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#rules
//
// GET /api/v1/instance/rules
func (s *InstanceService) Rules(ctx context.Context) ([]*Rule, *Response, error) {
	rules, resp, err := list[*Rule](ctx, s.client, "api/v1/instance/rules", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/rules", true)
	}
	return rules, resp, nil
}

// DomainBlocks lists the domains the server restricts (Mastodon 4.0),
// when its admins publish them; they may show them to users only (a
// token is then needed) or to no one, which, like a server without the
// endpoint, gives a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#domain_blocks
//
// GET /api/v1/instance/domain_blocks
func (s *InstanceService) DomainBlocks(ctx context.Context) ([]*DomainBlock, *Response, error) {
	blocks, resp, err := list[*DomainBlock](ctx, s.client, "api/v1/instance/domain_blocks", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/domain_blocks", true)
	}
	return blocks, resp, nil
}

// ExtendedDescription returns the server's long description, as HTML
// (Mastodon 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#extended_description
//
// GET /api/v1/instance/extended_description
func (s *InstanceService) ExtendedDescription(ctx context.Context) (*ExtendedDescription, *Response, error) {
	d, resp, err := get[ExtendedDescription](ctx, s.client, "api/v1/instance/extended_description", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/extended_description", true)
	}
	return d, resp, nil
}

// PrivacyPolicy returns the server's privacy policy, as HTML (Mastodon
// 4.0).
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#privacy_policy
//
// GET /api/v1/instance/privacy_policy
func (s *InstanceService) PrivacyPolicy(ctx context.Context) (*PrivacyPolicy, *Response, error) {
	p, resp, err := get[PrivacyPolicy](ctx, s.client, "api/v1/instance/privacy_policy", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/privacy_policy", true)
	}
	return p, resp, nil
}

// TermsOfService returns the server's terms of service in force, as HTML
// (Mastodon 4.4). A server that has none gives an error matching
// [ErrNotFound]; one without the endpoint a [*NotSupportedError].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#terms_of_service
//
// GET /api/v1/instance/terms_of_service
func (s *InstanceService) TermsOfService(ctx context.Context) (*TermsOfService, *Response, error) {
	tos, resp, err := get[TermsOfService](ctx, s.client, "api/v1/instance/terms_of_service", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/terms_of_service", false)
	}
	return tos, resp, nil
}

// TermsOfServiceOn returns the version of the server's terms of service
// that took or takes effect on a day (Mastodon 4.4): an earlier or an
// announced later version. A day that starts no version gives an error
// matching [ErrNotFound].
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#terms_of_service_date
//
// GET /api/v1/instance/terms_of_service/:date
func (s *InstanceService) TermsOfServiceOn(ctx context.Context, day Date) (*TermsOfService, *Response, error) {
	if day.IsZero() {
		return nil, nil, errors.New("mastodon: TermsOfServiceOn needs a date")
	}
	seg, err := segment("date", day.String())
	if err != nil {
		return nil, nil, err
	}
	tos, resp, err := get[TermsOfService](ctx, s.client, "api/v1/instance/terms_of_service/"+seg, nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/terms_of_service/:date", false)
	}
	return tos, resp, nil
}

// TranslationLanguages returns the language pairs the server's
// translation service handles (Mastodon 4.2): each source language's
// ISO 639 code maps to the codes it can be translated into. The source
// "und" stands for statuses whose language is not set.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#translation_languages
//
// GET /api/v1/instance/translation_languages
func (s *InstanceService) TranslationLanguages(ctx context.Context) (map[string][]string, *Response, error) {
	langs, resp, err := get[map[string][]string](ctx, s.client, "api/v1/instance/translation_languages", nil)
	if err != nil {
		return nil, resp, unsupportedEndpoint(err, "GET /api/v1/instance/translation_languages", true)
	}
	return *langs, resp, nil
}

// GetV1 returns the server's description in the v1 form, which Mastodon
// 4.0 replaced with the one of [InstanceService.Get]. It still has what
// v2 left out: the user, status and domain counts.
//
// Mastodon API docs: https://docs.joinmastodon.org/methods/instance/#v1
//
// GET /api/v1/instance
func (s *InstanceService) GetV1(ctx context.Context) (*InstanceV1, *Response, error) {
	return get[InstanceV1](ctx, s.client, "api/v1/instance", nil)
}

// StreamingURL returns the URL of the server's streaming API, such as
// "wss://streaming.example": configuration.urls.streaming of the v2
// instance document, or urls.streaming_api of the v1 one on servers
// without v2. A document that names none gives an error.
func (s *InstanceService) StreamingURL(ctx context.Context) (string, error) {
	in, _, err := s.Get(ctx)
	if err != nil {
		return "", err
	}
	if in.Configuration.URLs.Streaming == "" {
		return "", errors.New("mastodon: the instance document names no streaming URL")
	}
	return in.Configuration.URLs.Streaming, nil
}
