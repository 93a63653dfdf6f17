package webfinger

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"
)

// Media types of WebFinger and ActivityPub documents.
const (
	// MediaTypeJRD is the media type of a JSON Resource Descriptor.
	MediaTypeJRD = "application/jrd+json"
	// MediaTypeActivity is the ActivityPub media type of actor links.
	MediaTypeActivity = "application/activity+json"
	// MediaTypeLDActivity is the JSON-LD form of the same, with the
	// ActivityStreams profile.
	MediaTypeLDActivity = `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
)

// Link relation types this package uses.
const (
	// RelSelf is the relation of an account's ActivityPub actor.
	RelSelf = "self"
	// RelProfilePage is the relation of an account's web profile.
	RelProfilePage = "http://webfinger.net/rel/profile-page"
	// RelLRDD is the host-meta relation of the WebFinger template (RFC
	// 6415).
	RelLRDD = "lrdd"
	// RelSubscribe is the relation of the "remote follow" template that
	// Mastodon and others publish.
	RelSubscribe = "http://ostatus.org/schema/1.0/subscribe"
)

// JRD is a JSON Resource Descriptor (RFC 7033 section 4.4), the document a
// WebFinger server returns. The host-meta JSON form (RFC 6415) has the same
// shape.
type JRD struct {
	// Subject is the URI the document describes, such as
	// "acct:alice@social.example".
	Subject string `json:"subject,omitempty"`
	// Aliases are other URIs for the same subject.
	Aliases []string `json:"aliases,omitempty"`
	// Properties are name/value pairs about the subject; a value may be
	// null.
	Properties map[string]*string `json:"properties,omitempty"`
	// Links are the subject's links.
	Links []Link `json:"links,omitempty"`
}

// Link is a link of a [JRD].
type Link struct {
	// Rel is the link's relation type, a registered name or a URI.
	Rel string `json:"rel"`
	// Type is the media type of the target.
	Type string `json:"type,omitempty"`
	// Href is the target URI.
	Href string `json:"href,omitempty"`
	// Template is a URI template, as in host-meta's lrdd link.
	Template string `json:"template,omitempty"`
	// Titles are human-readable titles by language tag ("und" for none).
	Titles map[string]string `json:"titles,omitempty"`
	// Properties are name/value pairs about the link; a value may be null.
	Properties map[string]*string `json:"properties,omitempty"`
}

// ParseJRD decodes a JRD. It is strict about types (a subject that is not a
// string, a link without a rel) and ignores members it does not know.
func ParseJRD(data []byte) (*JRD, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' {
		return nil, &MalformedError{What: "JRD", Reason: "not a JSON object"}
	}
	var j JRD
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, &MalformedError{What: "JRD", Reason: jsonReason(err)}
	}
	for i, l := range j.Links {
		if l.Rel == "" {
			return nil, &MalformedError{What: "JRD", Reason: fmt.Sprintf("link %d has no rel", i)}
		}
	}
	return &j, nil
}

// jsonReason describes a JSON decoding error without quoting the input.
func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Sprintf("%s is a JSON %s, not a %s", field, te.Value, te.Type)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at offset %d", se.Offset)
	}
	return "invalid JSON"
}

// Filter returns a copy of j with only the links whose relation is one of
// rels. No rels means all links.
func (j *JRD) Filter(rels ...string) *JRD {
	out := *j
	if len(rels) == 0 {
		return &out
	}
	out.Links = nil
	for _, l := range j.Links {
		for _, r := range rels {
			if l.Rel == r {
				out.Links = append(out.Links, l)
				break
			}
		}
	}
	return &out
}

// Link returns the first link with relation rel, if any.
func (j *JRD) Link(rel string) (Link, bool) {
	for _, l := range j.Links {
		if l.Rel == rel {
			return l, true
		}
	}
	return Link{}, false
}

// ActorLink returns the subject's ActivityPub actor link: the first "self"
// link whose type is application/activity+json, or application/ld+json
// with the ActivityStreams profile.
func (j *JRD) ActorLink() (Link, bool) {
	for _, l := range j.Links {
		if l.Rel == RelSelf && IsActivityMediaType(l.Type) {
			return l, true
		}
	}
	return Link{}, false
}

// IsActivityMediaType reports whether a media type (with any parameters)
// names ActivityStreams: application/activity+json, or application/ld+json
// with the profile https://www.w3.org/ns/activitystreams.
func IsActivityMediaType(t string) bool {
	mt, params, err := mime.ParseMediaType(t)
	if err != nil {
		return false
	}
	switch mt {
	case MediaTypeActivity:
		return true
	case "application/ld+json":
		for _, p := range strings.Fields(params["profile"]) {
			if p == "https://www.w3.org/ns/activitystreams" {
				return true
			}
		}
	}
	return false
}
